import { LoggerService } from '@backstage/backend-plugin-api';
import { codeBlock, escapeMarkdown, publicError } from '../../publicText';
import { GitHubClient } from '../githubClient';
import { ScaffolderTasks, TaskResult } from '../scaffolderTasks';
import { OwedReport, TicketStore } from '../ticketStore';

export interface RunReportsOptions {
  store: TicketStore;
  tasks: ScaffolderTasks;
  githubFor(repositoryUrl: string): Promise<GitHubClient>;
  taskPageUrl(taskId: string): string;
  /** The label that approves a request, named in a failed run's comment. */
  approvalLabel: string;
  logger: LoggerService;
  /** How long a reporter holds a report it is posting before another may take it. */
  leaseMs?: number;
}

/** Claims of one report after which it is given up (the issue gone, access lost). */
const maxAttempts = 20;

/** Ends the result comment of a task: how a later attempt knows it was posted. */
const marker = (taskId: string) => `<!-- ekyc-run-result ${taskId} -->`;

/**
 * Posts the result of every ticket run that has ended and is still owed its comment.
 * The owed reports live in the portal's database, so whichever replica runs this (the
 * scheduler runs it on one at a time) reports runs another replica started; a report
 * is claimed before it is posted, and a claim that lapsed (its reporter died) is
 * retried only after checking the issue for the comment, so each result is posted once.
 */
export async function reportEndedRuns(
  options: RunReportsOptions,
): Promise<number> {
  let posted = 0;
  for (const owed of await options.store.owedReports()) {
    try {
      if (await reportRun(options, owed)) posted += 1;
    } catch (error) {
      options.logger.error(
        `ticket ${owed.ticket}: reporting task ${owed.taskId} failed, tried again next round: ${error}`,
      );
    }
  }
  return posted;
}

async function reportRun(
  options: RunReportsOptions,
  owed: OwedReport,
): Promise<boolean> {
  const { store } = options;
  const result = await options.tasks.result(owed.taskId);
  if (!result) return false;
  const claim = await store.claimReport(
    owed.taskId,
    options.leaseMs ?? 5 * 60_000,
  );
  if (!claim) return false;
  if (claim.earlierAttempts >= maxAttempts) {
    options.logger.error(
      `ticket ${owed.ticket}: the result of task ${owed.taskId} could not be posted in ${maxAttempts} attempts; given up (see the errors before)`,
    );
    await store.reportPosted(owed.taskId, claim.token);
    return false;
  }
  try {
    const github = await options.githubFor(owed.repositoryUrl);
    const where = {
      owner: owed.owner,
      repo: owed.repo,
      issue_number: owed.issueNumber,
    };
    const commented =
      claim.earlierAttempts > 0 &&
      (
        await github.paginate(github.rest.issues.listComments, {
          ...where,
          per_page: 100,
        })
      ).some(comment => comment.body?.includes(marker(owed.taskId)));
    if (result.status !== 'completed') {
      // The claim goes back for this task only: a new approval may retry.
      await store.releaseRunOfTask(owed.ticket, owed.taskId);
    }
    // A claim that lapsed meanwhile (GitHub's rate limit waited it out) may be another
    // reporter's now.
    if (!(await store.holdsReport(owed.taskId, claim.token))) return false;
    if (!commented) {
      await github.rest.issues.createComment({
        ...where,
        body: `${resultComment(options, owed.taskId, result)}\n\n${marker(
          owed.taskId,
        )}`,
      });
    }
    if (result.status === 'completed') {
      // Both repeat harmlessly, after a reporter that died between them.
      await github.rest.issues.addLabels({ ...where, labels: ['done'] });
      await github.rest.issues.update({
        ...where,
        state: 'closed',
        state_reason: 'completed',
      });
    }
    await store.reportPosted(owed.taskId, claim.token);
    return !commented;
  } catch (error) {
    await store.releaseReport(owed.taskId, claim.token);
    throw error;
  }
}

function resultComment(
  options: RunReportsOptions,
  taskId: string,
  result: TaskResult,
): string {
  if (result.status === 'completed') {
    return [
      'The run completed.',
      '',
      codeBlock(JSON.stringify(result.output ?? {}, null, 2), 'json'),
    ].join('\n');
  }
  return `The run ${result.status}: ${
    result.error
      ? escapeMarkdown(publicError(result.error))
      : 'see the task log'
  }. The task log says what to change: ${options.taskPageUrl(
    taskId,
  )}. Edit the form and add the \`${
    options.approvalLabel
  }\` label again once it is fixed.`;
}
