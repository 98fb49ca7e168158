import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { z } from 'zod';

export interface TaskResult {
  status: 'completed' | 'failed' | 'cancelled';
  /** The template's output (links, text) of a completed run. */
  output?: Record<string, unknown>;
  /** Why a failed run failed, as the scaffolder recorded it. */
  error?: string;
}

/** What a dry run of a template came to: its rendered output, or why it stopped. */
export type DryRunResult =
  | { output: Record<string, unknown> }
  | { problem: string };

export interface ScaffolderTasks {
  /**
   * Runs the template in the scaffolder's dry-run mode: its parameter schema checks the
   * values, its own templating renders the steps, and steps that support dry-run run.
   */
  dryRun(
    template: unknown,
    values: Record<string, unknown>,
  ): Promise<DryRunResult>;
  /** Starts a run of `template:default/<name>`; returns the task id. */
  start(templateName: string, values: Record<string, unknown>): Promise<string>;
  /** How the task ended; undefined while it runs (or waits to be taken up again). */
  result(taskId: string): Promise<TaskResult | undefined>;
  /** The task's status now: open, processing, completed, failed, cancelled… */
  status(taskId: string): Promise<string>;
}

const dryRunAnswer = z.object({
  output: z.record(z.string(), z.unknown()).optional(),
  errors: z
    .array(z.object({ property: z.string(), message: z.string() }))
    .optional(),
  error: z.object({ message: z.string() }).optional(),
});

const taskEvents = z.array(
  z.object({
    type: z.string(),
    body: z
      .object({
        output: z.record(z.string(), z.unknown()).optional(),
        error: z.object({ message: z.string() }).optional(),
      })
      .loose(),
  }),
);

/**
 * Runs templates through the scaffolder's own API with the portal's service
 * credentials, as a person's run would go (the same checks, log and task page).
 */
export function scaffolderTasks(
  discovery: DiscoveryService,
  auth: AuthService,
): ScaffolderTasks {
  async function send(path: string, init?: RequestInit) {
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    return fetch(`${await discovery.getBaseUrl('scaffolder')}${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
    });
  }

  async function call(path: string, init?: RequestInit) {
    const response = await send(path, init);
    if (!response.ok) {
      throw new Error(
        `the scaffolder answered ${response.status} to ${path}: ${(
          await response.text()
        ).slice(0, 300)}`,
      );
    }
    return response.json();
  }

  async function statusOf(taskId: string) {
    return z
      .object({ status: z.string() })
      .parse(await call(`/v2/tasks/${taskId}`)).status;
  }

  return {
    status: statusOf,
    async dryRun(template, values) {
      const response = await send('/v2/dry-run', {
        method: 'POST',
        body: JSON.stringify({
          template,
          values,
          secrets: {},
          directoryContents: [],
        }),
      });
      const body = dryRunAnswer.parse(await response.json());
      if (response.ok && body.output) return { output: body.output };
      // 4xx: the parameters broke the template's schema, or a step refused them (a
      // conflict, a missing right); 503: a step's preflight found the place unready.
      const problem =
        body.errors?.map(e => `${e.property} ${e.message}`).join('; ') ??
        body.error?.message;
      const refused =
        (response.status >= 400 && response.status < 500) ||
        response.status === 503;
      if (refused && problem) return { problem };
      throw new Error(
        `the scaffolder answered ${response.status} to a dry run: ${
          problem ?? 'no reason given'
        }`,
      );
    },
    async start(templateName, values) {
      const body = await call('/v2/tasks', {
        method: 'POST',
        body: JSON.stringify({
          templateRef: `template:default/${templateName}`,
          values,
        }),
      });
      return z.object({ id: z.string() }).parse(body).id;
    },
    async result(taskId) {
      const response = await send(`/v2/tasks/${taskId}`);
      // A task the scaffolder no longer has (an in-memory database restarted) never ends.
      if (response.status === 404) {
        return {
          status: 'failed',
          error: `the portal has no record of task ${taskId} any more`,
        };
      }
      if (!response.ok) {
        throw new Error(
          `the scaffolder answered ${response.status} to /v2/tasks/${taskId}`,
        );
      }
      const { status } = z
        .object({ status: z.string() })
        .parse(await response.json());
      if (
        status !== 'completed' &&
        status !== 'failed' &&
        status !== 'cancelled'
      ) {
        return undefined;
      }
      const events = taskEvents.parse(await call(`/v2/tasks/${taskId}/events`));
      const completion = events.filter(e => e.type === 'completion').pop();
      return {
        status,
        output: completion?.body.output,
        error: completion?.body.error?.message,
      };
    },
  };
}
