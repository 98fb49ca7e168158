import { LoggerService } from '@backstage/backend-plugin-api';
import { Webhooks } from '@octokit/webhooks';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { GitHubClient } from './githubClient';
import { ScaffolderTasks, TaskResult } from './scaffolderTasks';
import { parseIssueForm } from './parseIssueForm';
import { startTicketRun } from './ticketRuns';
import { TicketStore } from './ticketStore';
import { TicketTemplate } from './templateFields';

/** The part of an `issues` event the bridge reads. */
const issuesEvent = z.object({
  action: z.string(),
  issue: z.object({
    number: z.number(),
    html_url: z.string(),
    body: z.string().nullable(),
    labels: z.array(z.object({ name: z.string() })),
  }),
  repository: z.object({
    name: z.string(),
    html_url: z.string(),
    owner: z.object({ login: z.string() }),
  }),
  label: z.object({ name: z.string() }).optional(),
  sender: z.object({ login: z.string() }),
});

type IssuesEvent = z.infer<typeof issuesEvent>;

export interface GitHubTicketRouterOptions {
  /** The webhook's secret, as set on the repository's webhook. */
  webhookSecret: string;
  store: TicketStore;
  /** The templates tickets may request, by name (also the issue form's label). */
  templateFor(name: string): Promise<TicketTemplate | undefined>;
  githubFor(repositoryUrl: string): Promise<GitHubClient>;
  /** Whether a GitHub login belongs to a member of a group, per the catalog. */
  membership(
    login: string,
    groupRef: string,
  ): Promise<{ member: boolean; user?: string }>;
  tasks: ScaffolderTasks;
  /** The task's page in the portal, for the comment that links it. */
  taskPageUrl(taskId: string): string;
  /** What the run would change and cost, as a comment; absent, valid forms get none. */
  preview?(
    template: TicketTemplate,
    values: Record<string, unknown>,
  ): Promise<string>;
  /** The label that approves a request (default "approved"). */
  approvalLabel?: string;
  logger: LoggerService;
}

/** The comment that tells the requester what the form says, or what to fix. */
function formComment(
  templateName: string,
  result: ReturnType<typeof parseIssueForm>,
): string {
  if (result.problems.length) {
    return [
      `The portal cannot run **${templateName}** with this form. Edit the issue to fix:`,
      '',
      ...result.problems.map(
        problem =>
          `- **${problem.label}** (\`${problem.field}\`): ${problem.message}`,
      ),
    ].join('\n');
  }
  return [
    `The form is a valid request for **${templateName}**; the portal read these values:`,
    '',
    '```json',
    JSON.stringify(result.values, null, 2),
    '```',
  ].join('\n');
}

/**
 * POST /github: GitHub's `issues` webhook. The signature is checked before anything is
 * read (401 without a valid one), each delivery is handled once (a redelivery answers
 * 200 and does nothing), and a filed or edited request form gets one comment: the values
 * read, or each bad field and how to fix it.
 */
export function createGitHubTicketRouter(
  options: GitHubTicketRouterOptions,
): express.Router {
  const webhooks = new Webhooks({ secret: options.webhookSecret });
  const approvalLabel = options.approvalLabel ?? 'approved';
  const router = Router();
  // The signature covers the exact bytes GitHub sent, so this route reads them as text.
  const rawBody = express.text({ type: '*/*', limit: '1mb' });

  router.post('/github', rawBody, async (req, res) => {
    const signature = req.header('x-hub-signature-256');
    const body = typeof req.body === 'string' ? req.body : '';
    if (
      !signature ||
      !(await webhooks.verify(body, signature).catch(() => false))
    ) {
      res.status(401).json({
        error:
          'X-Hub-Signature-256 is missing or does not match: set the webhook secret to ekyc.tickets.github.webhookSecret',
      });
      return;
    }
    const deliveryId = req.header('x-github-delivery');
    if (!deliveryId) {
      res.status(400).json({ error: 'X-GitHub-Delivery is missing' });
      return;
    }
    if (req.header('x-github-event') !== 'issues') {
      res.status(202).json({
        ignored: `${req.header('x-github-event')} events are not requests`,
      });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      res.status(400).json({
        error:
          "the body is not JSON: set the webhook's content type to application/json",
      });
      return;
    }
    const parsed = issuesEvent.safeParse(json);
    if (!parsed.success) {
      res
        .status(400)
        .json({ error: `not an issues event: ${parsed.error.message}` });
      return;
    }
    if (
      !(await options.store.firstDelivery(
        deliveryId,
        parsed.data.issue.html_url,
      ))
    ) {
      res
        .status(200)
        .json({ duplicate: `delivery ${deliveryId} was handled already` });
      return;
    }
    try {
      await handle(parsed.data, res);
    } catch (error) {
      // GitHub is told it failed (500) and may redeliver: that delivery must be handled.
      await options.store.forgetDelivery(deliveryId);
      throw error;
    }
  });

  async function handle(event: IssuesEvent, res: express.Response) {
    const { action, issue, repository } = event;
    const template = await templateOf(issue.labels);
    if (!template) {
      res.status(202).json({ ignored: 'the issue carries no template label' });
      return;
    }
    const result = parseIssueForm(issue.body ?? '', template);
    const github = await options.githubFor(repository.html_url);
    const comment = (text: string) =>
      github.rest.issues.createComment({
        owner: repository.owner.login,
        repo: repository.name,
        issue_number: issue.number,
        body: text,
      });

    if (action === 'opened' || action === 'edited') {
      await comment(formComment(template.metadata.name, result));
      options.logger.info(
        `ticket ${issue.html_url}: ${result.problems.length} problem(s) in the ${template.metadata.name} form`,
      );
      res
        .status(202)
        .json({ problems: result.problems, values: result.values });
      // GitHub waits 10 s for an answer; the preview is commented when it is ready.
      if (!result.problems.length && options.preview) {
        options
          .preview(template, result.values)
          .then(comment)
          .catch(error =>
            options.logger.error(
              `ticket ${issue.html_url}: the preview comment failed: ${error}`,
            ),
          );
      }
      return;
    }
    if (action !== 'labeled' || event.label?.name !== approvalLabel) {
      res.status(202).json({ ignored: `issues.${action}` });
      return;
    }
    res
      .status(202)
      .json(await approve(event, template, result, comment, github));
  }

  async function templateOf(labels: Array<{ name: string }>) {
    for (const label of labels) {
      const template = await options.templateFor(label.name);
      if (template) return template;
    }
    return undefined;
  }

  /** An approval label: checked, then one run started and followed to its end. */
  async function approve(
    event: IssuesEvent,
    template: TicketTemplate,
    form: ReturnType<typeof parseIssueForm>,
    comment: (body: string) => Promise<unknown>,
    github: GitHubClient,
  ) {
    const { issue, repository, sender } = event;
    const approver = await options.membership(
      sender.login,
      template.spec.owner,
    );
    if (!approver.member) {
      await comment(
        `The \`${approvalLabel}\` label from @${
          sender.login
        } is ignored: approvals come from members of ${
          template.spec.owner
        }, and the catalog ${
          approver.user
            ? `does not list ${approver.user} among them`
            : `has no User annotated github.com/user-login: ${sender.login}`
        }.`,
      );
      return {
        ignored: `${sender.login} is not a member of ${template.spec.owner}`,
      };
    }
    if (form.problems.length) {
      await comment(formComment(template.metadata.name, form));
      return { problems: form.problems };
    }
    let taskId: string | undefined;
    try {
      taskId = await startTicketRun(
        options,
        issue.html_url,
        template.metadata.name,
        form.values,
      );
    } catch (error) {
      await comment(
        `Approved by @${sender.login}, but the run could not start: ${
          (error as Error).message
        }. Remove and add the \`${approvalLabel}\` label again to retry.`,
      );
      return { error: (error as Error).message };
    }
    if (!taskId)
      return { ignored: 'a run was started for this ticket already' };
    await comment(
      `Approved by @${sender.login} (${approver.user}). Running **${
        template.metadata.name
      }**: ${options.taskPageUrl(taskId)}`,
    );
    // The delivery is answered now; the run's end is reported on the issue.
    options.tasks.finished(taskId).then(
      result =>
        report(result, taskId, comment, github, event).catch(error =>
          options.logger.error(
            `ticket ${issue.html_url}: reporting task ${taskId} failed: ${error}`,
          ),
        ),
      async error => {
        options.logger.error(
          `ticket ${issue.html_url}: following task ${taskId} failed: ${error}`,
        );
        // Its end is unknown here: a new approval may retry rather than be refused.
        await options.store.releaseRun(issue.html_url).catch(() => undefined);
      },
    );
    return { taskId, repository: repository.html_url };
  }

  async function report(
    result: TaskResult,
    taskId: string,
    comment: (body: string) => Promise<unknown>,
    github: GitHubClient,
    { issue, repository }: IssuesEvent,
  ) {
    const where = {
      owner: repository.owner.login,
      repo: repository.name,
      issue_number: issue.number,
    };
    if (result.status !== 'completed') {
      await options.store.releaseRun(issue.html_url);
      await comment(
        `The run ${result.status}: ${
          result.error ?? 'see the task log'
        }. The task log says what to change: ${options.taskPageUrl(
          taskId,
        )}. Edit the form and add the \`${approvalLabel}\` label again once it is fixed.`,
      );
      return;
    }
    await comment(
      [
        'The run completed.',
        '',
        '```json',
        JSON.stringify(result.output ?? {}, null, 2),
        '```',
      ].join('\n'),
    );
    await github.rest.issues.addLabels({ ...where, labels: ['done'] });
    await github.rest.issues.update({
      ...where,
      state: 'closed',
      state_reason: 'completed',
    });
  }

  return router;
}
