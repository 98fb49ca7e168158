import { LoggerService } from '@backstage/backend-plugin-api';
import { z } from 'zod';
import { codeBlock, escapeMarkdown, publicError } from '../../publicText';
import { canonicalHash } from '../../canonicalHash';
import { DeliveryOutcome } from '../deliveryOutcome';
import type { TicketSource } from '../ticketEvents';
import { GitHubClient } from '../githubClient';
import { ScaffolderTasks } from '../scaffolderTasks';
import { parseIssueForm } from '../parseIssueForm';
import { GrantTicketApproval, startTicketRun } from '../ticketRuns';
import { TicketStore } from '../ticketStore';
import { TicketTemplate } from '../templateFields';
import type { TicketPreview } from '../ticketPreview';

/**
 * A GitHub account: the login is for messages only (it can be renamed and reused);
 * identity is the immutable node id, which the org entity provider records on each
 * User as `github.com/user-id`.
 */
const githubAccount = z.object({ login: z.string(), node_id: z.string() });

/** The part of an `issues` event the bridge reads. */
const issuesEvent = z.object({
  action: z.string(),
  issue: z.object({
    number: z.number(),
    html_url: z.string(),
    body: z.string().nullable(),
    labels: z.array(z.object({ name: z.string() })),
    user: githubAccount,
  }),
  repository: z.object({
    name: z.string(),
    html_url: z.string(),
    owner: z.object({ login: z.string() }),
  }),
  label: z.object({ name: z.string() }).optional(),
  sender: githubAccount,
});

type IssuesEvent = z.infer<typeof issuesEvent>;

export const defaultApprovalLabel = 'approved';

export interface GitHubIssuesHandlerOptions {
  store: TicketStore;
  /** The templates tickets may request, by name (also the issue form's label). */
  templateFor(name: string): Promise<TicketTemplate | undefined>;
  githubFor(repositoryUrl: string): Promise<GitHubClient>;
  /**
   * Whether a GitHub account (by node id) belongs to a member of a group, per the
   * organisation's own User entities.
   */
  membership(
    githubUserId: string,
    groupRef: string,
  ): Promise<{ member: boolean; user?: string }>;
  tasks: ScaffolderTasks;
  /** Marks the run's plan approvals as given by the ticket's approver. */
  grantApproval: GrantTicketApproval;
  /** The task's page in the portal, for the comment that links it. */
  taskPageUrl(taskId: string): string;
  /** What the run would change and cost, as a comment; absent, valid forms get none. */
  preview?(
    template: TicketTemplate,
    values: Record<string, unknown>,
  ): Promise<TicketPreview>;
  /** The label that approves a request (default "approved"). */
  approvalLabel?: string;
  /** The label with which a member asks for the preview of a non-member's request (default "preview"). */
  previewLabel?: string;
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
          `- **${escapeMarkdown(problem.label)}** (\`${
            problem.field
          }\`): ${escapeMarkdown(problem.message)}`,
      ),
    ].join('\n');
  }
  return [
    `The form is a valid request for **${templateName}**; the portal read these values:`,
    '',
    codeBlock(JSON.stringify(result.values, null, 2), 'json'),
  ].join('\n');
}

/**
 * GitHub's `issues` events, after the events backend's GitHub module checked the
 * webhook's signature. Each delivery is handled once (a redelivery, or the same body
 * under another delivery id, does nothing), and a filed or edited request form gets one
 * comment: the values read, or each bad field and how to fix it.
 */
function createGitHubIssuesHandler(options: GitHubIssuesHandlerOptions) {
  const approvalLabel = options.approvalLabel ?? defaultApprovalLabel;
  const previewLabel = options.previewLabel ?? 'preview';

  return async (
    payload: unknown,
    deliveryId: string,
  ): Promise<DeliveryOutcome> => {
    const parsed = issuesEvent.safeParse(payload);
    if (!parsed.success) {
      return {
        status: 400,
        body: { error: `not an issues event: ${parsed.error.message}` },
      };
    }
    // GitHub signs the body only, not the delivery id: a captured body sent again under
    // a fresh id is the same body, so it is recognised by its hash as well.
    const idKey = `github:${deliveryId}`;
    const bodyKey = `github-body:${canonicalHash(payload as object)}`;
    const ticket = parsed.data.issue.html_url;
    if (!(await options.store.firstDelivery(idKey, ticket))) {
      return {
        status: 200,
        body: { duplicate: `delivery ${deliveryId} was handled already` },
        repeat: true,
      };
    }
    if (!(await options.store.firstDelivery(bodyKey, ticket))) {
      await options.store.forgetDelivery(idKey);
      return {
        status: 200,
        body: {
          duplicate: `this event was delivered and handled already (under another delivery id than ${deliveryId})`,
        },
        repeat: true,
      };
    }
    try {
      return { status: 202, body: await handle(parsed.data) };
    } catch (error) {
      // Not handled: GitHub's redelivery of it must be.
      await options.store.forgetDelivery(idKey);
      await options.store.forgetDelivery(bodyKey);
      throw error;
    }
  };

  async function handle(event: IssuesEvent): Promise<Record<string, unknown>> {
    const { action, issue, repository } = event;
    const template = await templateOf(issue.labels);
    if (!template) return { ignored: 'the issue carries no template label' };
    const result = parseIssueForm(issue.body ?? '', template);
    const github = await options.githubFor(repository.html_url);
    const comment = (text: string) =>
      github.rest.issues.createComment({
        owner: repository.owner.login,
        repo: repository.name,
        issue_number: issue.number,
        body: text,
      });
    const owner = template.spec.owner;

    if (action === 'opened' || action === 'edited') {
      // Whatever was previewed before this edit can no longer be approved.
      await options.store.fileForm(
        issue.html_url,
        canonicalHash(result.values),
      );
      const author = await options.membership(issue.user.node_id, owner);
      const previewNow = !result.problems.length && author.member;
      await comment(
        [
          formComment(template.metadata.name, result),
          ...(!result.problems.length && !author.member
            ? [
                '',
                `A preview runs for requests by members of ${owner}: one of them adds the \`${previewLabel}\` label to run it.`,
              ]
            : []),
        ].join('\n'),
      );
      options.logger.info(
        `ticket ${issue.html_url}: ${result.problems.length} problem(s) in the ${template.metadata.name} form`,
      );
      if (previewNow)
        previewInBackground(issue.html_url, template, result, comment);
      return {
        problems: result.problems,
        values: result.values,
        preview: previewNow ? 'running' : 'not run',
      };
    }
    if (action !== 'labeled') return { ignored: `issues.${action}` };
    if (event.label?.name === previewLabel) {
      return previewOnRequest(event, template, result, comment);
    }
    if (event.label?.name !== approvalLabel) {
      return { ignored: `the label ${event.label?.name}` };
    }
    return approve(event, template, result, comment);
  }

  async function templateOf(labels: Array<{ name: string }>) {
    for (const label of labels) {
      const template = await options.templateFor(label.name);
      if (template) return template;
    }
    return undefined;
  }

  /**
   * GitHub waits 10 s for the webhook's answer, which waits for this handler; the preview is commented when it is ready, and
   * recorded as the form an approval may apply.
   */
  function previewInBackground(
    ticket: string,
    template: TicketTemplate,
    form: ReturnType<typeof parseIssueForm>,
    comment: (body: string) => Promise<unknown>,
  ) {
    if (!options.preview) return;
    const hash = canonicalHash(form.values);
    options.store
      .fileForm(ticket, hash)
      .then(() => options.preview!(template, form.values))
      .then(async ({ comment: text, approvable }) => {
        if (!approvable) {
          await comment(text);
          return;
        }
        // Recorded before it is shown, so an approval right after the comment holds;
        // a preview of a form edited since is neither recorded nor shown.
        if (!(await options.store.recordPreview(ticket, hash))) {
          options.logger.info(
            `ticket ${ticket}: the preview of ${hash} is superseded by an edit`,
          );
          return;
        }
        await comment(`${text}\n\nPreviewed form: \`${hash}\`.`).catch(
          async error => {
            await options.store.forgetPreview(ticket, hash);
            throw error;
          },
        );
      })
      .catch(error =>
        options.logger.error(
          `ticket ${ticket}: the preview comment failed: ${error}`,
        ),
      );
  }

  /** Checks the labeller against the owning group, saying why when they are not in it. */
  async function memberOrExplain(
    event: IssuesEvent,
    owner: string,
    label: string,
    comment: (body: string) => Promise<unknown>,
  ) {
    const { sender } = event;
    const labeller = await options.membership(sender.node_id, owner);
    if (!labeller.member) {
      await comment(
        `The \`${label}\` label from @${escapeMarkdown(
          sender.login,
        )} is ignored: ${
          label === approvalLabel ? 'approvals' : 'previews'
        } come from members of ${owner}, and the organisation's catalog ${
          labeller.user
            ? `does not list ${labeller.user} among them`
            : `has no User with this GitHub account (github.com/user-id: ${escapeMarkdown(
                sender.node_id,
              )})`
        }.`,
      );
    }
    return labeller;
  }

  /** A member asks for the preview of a request filed by someone outside the group. */
  async function previewOnRequest(
    event: IssuesEvent,
    template: TicketTemplate,
    form: ReturnType<typeof parseIssueForm>,
    comment: (body: string) => Promise<unknown>,
  ) {
    const labeller = await memberOrExplain(
      event,
      template.spec.owner,
      previewLabel,
      comment,
    );
    if (!labeller.member) {
      return {
        ignored: `${event.sender.login} is not a member of ${template.spec.owner}`,
      };
    }
    if (form.problems.length) {
      await comment(formComment(template.metadata.name, form));
      return { problems: form.problems };
    }
    previewInBackground(event.issue.html_url, template, form, comment);
    return { preview: 'running' };
  }

  /**
   * An approval label: from a member of the owning group who is not the author, for
   * exactly the form the latest preview showed; then one run, whose end is reported.
   */
  async function approve(
    event: IssuesEvent,
    template: TicketTemplate,
    form: ReturnType<typeof parseIssueForm>,
    comment: (body: string) => Promise<unknown>,
  ) {
    const { issue, repository, sender } = event;
    const owner = template.spec.owner;
    const approver = await memberOrExplain(
      event,
      owner,
      approvalLabel,
      comment,
    );
    if (!approver.member) {
      return { ignored: `${sender.login} is not a member of ${owner}` };
    }
    if (sender.node_id === issue.user.node_id) {
      await comment(
        `The \`${approvalLabel}\` label from @${escapeMarkdown(
          sender.login,
        )} is ignored: the author of a request cannot approve it. Another member of ${owner} adds the label.`,
      );
      return { ignored: `${sender.login} is the author of the request` };
    }
    if (form.problems.length) {
      await comment(formComment(template.metadata.name, form));
      return { problems: form.problems };
    }
    const hash = canonicalHash(form.values);
    if ((await options.store.previewedForm(issue.html_url)) !== hash) {
      await comment(
        `The \`${approvalLabel}\` label is not applied: an approval applies to the form a preview showed, and this form (\`${hash}\`) has not been previewed, or was edited since. The portal previews it now; read the preview, then remove and add the label again.`,
      );
      previewInBackground(issue.html_url, template, form, comment);
      return { ignored: 'the form was not previewed as it is now' };
    }
    // The author need not be in the catalog: a member's preview label admits anyone.
    const author = await options.membership(issue.user.node_id, owner);
    let taskId: string | undefined;
    try {
      taskId = await startTicketRun(
        options,
        issue.html_url,
        template.metadata.name,
        form.values,
        {
          requestedBy: author.user ?? `github:${issue.user.login}`,
          approvedBy: approver.user!,
          basis: `ticket ${issue.html_url}, form ${hash}`,
        },
      );
    } catch (error) {
      options.logger.error(
        `ticket ${issue.html_url}: the run could not start: ${error}`,
      );
      await comment(
        `Approved by @${escapeMarkdown(
          sender.login,
        )}, but the run could not start: ${escapeMarkdown(
          publicError((error as Error).message),
        )}. Remove and add the \`${approvalLabel}\` label again to retry.`,
      );
      return { error: publicError((error as Error).message) };
    }
    if (!taskId)
      return { ignored: 'a run was started for this ticket already' };
    // The run's end is reported on the issue by whichever replica sees it end
    // (runReports.ts), from this record in the database; recorded before anything
    // else can fail.
    await options.store.oweReport({
      taskId,
      ticket: issue.html_url,
      repositoryUrl: repository.html_url,
      owner: repository.owner.login,
      repo: repository.name,
      issueNumber: issue.number,
    });
    options.logger.info(
      `ticket ${issue.html_url}: requested by ${issue.user.login}, approved by ${approver.user} for form ${hash}, task ${taskId}`,
    );
    await comment(
      `Approved by @${escapeMarkdown(sender.login)} (${
        approver.user
      }) for the previewed form \`${hash}\`, requested by @${escapeMarkdown(
        issue.user.login,
      )}. Running **${template.metadata.name}**: ${options.taskPageUrl(
        taskId,
      )}`,
    );
    return { taskId, repository: repository.html_url };
  }
}

/** GitHub's issues events as a ticket source; GitHub reads no outcome back. */
export function githubTicketSource(
  options: GitHubIssuesHandlerOptions,
): TicketSource {
  return {
    name: 'github',
    deliveryHeader: 'x-github-delivery',
    handle: createGitHubIssuesHandler(options),
  };
}
