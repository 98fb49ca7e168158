import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

const OctokitWithRetries = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof OctokitWithRetries>;

/**
 * An Octokit for a repository, for the ticket bridge's comments: with
 * `ekyc.tickets.github.commentToken` where set (production keeps it apart from the
 * integration's publishing credentials), else the GitHub integration's credentials
 * (token or GitHub App); Octokit's own plugins wait out rate limits and retry server
 * errors, at most twice each.
 */
export async function githubClientFor(
  config: Config,
  repositoryUrl: string,
): Promise<GitHubClient> {
  const integrations = ScmIntegrations.fromConfig(config);
  const integration = integrations.github.byUrl(repositoryUrl);
  if (!integration) {
    throw new Error(
      `no GitHub integration matches ${repositoryUrl}: add its host under integrations.github in app-config`,
    );
  }
  const token =
    config.getOptionalString('ekyc.tickets.github.commentToken') ??
    (
      await DefaultGithubCredentialsProvider.fromIntegrations(
        integrations,
      ).getCredentials({ url: repositoryUrl })
    ).token;
  return new OctokitWithRetries({
    auth: token,
    baseUrl: integration.config.apiBaseUrl,
    throttle: {
      onRateLimit: (
        _after: number,
        _options: object,
        _octokit: unknown,
        retryCount: number,
      ) => retryCount < 2,
      onSecondaryRateLimit: (
        _after: number,
        _options: object,
        _octokit: unknown,
        retryCount: number,
      ) => retryCount < 2,
    },
    retry: { retries: 2 },
  });
}
