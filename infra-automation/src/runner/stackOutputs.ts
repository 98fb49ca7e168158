import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { automation } from '@pulumi/pulumi';
import type { PulumiBackendSettings } from '../settings';
import { entityAnnotations, InfraError } from '@internal/ekyc-domain';
import { pulumiEnv } from './pulumiCommand';
import { withoutBackendPassword } from './backendPassword';
import { pulumiBackendUrl } from './fileBackend';

export interface StackOutputsReaderOptions extends PulumiBackendSettings {
  pulumiCommand: automation.PulumiCommand;
}

/** `<project>/<stack>` or `<organization>/<project>/<stack>`, as pulumi.com/stack holds it. */
const stackReference =
  /^(?:[A-Za-z0-9][\w.-]*\/)?([A-Za-z0-9][\w.-]*)\/([A-Za-z0-9][\w.-]*)$/;

/** A stack's latest update and the size of its state. */
export interface StackStanding {
  version: number;
  resourceCount: number;
}

/**
 * Reads stacks' outputs without their programs, for readers such as the ekyc-regions
 * dashboard and the outputs action. Read-only: each project gets a workspace of its
 * own in a fresh temporary directory (never the runner's), and reading neither creates
 * a stack nor writes its config.
 */

export class StackOutputsReader {
  private readonly workspaces = new Map<
    string,
    Promise<automation.LocalWorkspace>
  >();

  constructor(private readonly options: StackOutputsReaderOptions) {}

  /** The stack's outputs, secret outputs left out; throws InfraError not-found. */
  async read(stack: string): Promise<Record<string, unknown>> {
    return this.withStack(stack, 'the outputs', async (workspace, name) =>
      plainOutputs(await workspace.stackOutputs(name)),
    );
  }

  /**
   * A config value the stack's latest update ran with (the stack's own settings live
   * only in each operation's workspace; the update history keeps them); undefined
   * before the first update. Throws InfraError not-found for a stack that does not exist.
   */
  async appliedConfig(stack: string, key: string): Promise<string | undefined> {
    return this.withStack(stack, 'the history', async (workspace, name) => {
      const selected = await automation.Stack.select(name, workspace);
      const [latest] = await selected.history(1, 1);
      return latest?.config?.[key]?.value;
    });
  }

  /**
   * Where the stack stands: its latest update's version (0 before the first) and how
   * many resources its state holds. A stack that does not exist stands at 0 and 0.
   */
  async standing(stack: string): Promise<StackStanding> {
    try {
      return await this.withStack(
        stack,
        'the history',
        async (workspace, name) => {
          const selected = await automation.Stack.select(name, workspace);
          const [latest] = await selected.history(1, 1);
          const state = await workspace.exportStack(name);
          const resources = (state.deployment?.resources ?? []) as unknown[];
          return {
            version: latest?.version ?? 0,
            resourceCount: resources.length,
          };
        },
      );
    } catch (error) {
      if (error instanceof InfraError && error.kind === 'not-found') {
        return { version: 0, resourceCount: 0 };
      }
      throw error;
    }
  }

  private async withStack<T>(
    stack: string,
    what: string,
    read: (
      workspace: automation.LocalWorkspace,
      stackName: string,
    ) => Promise<T>,
  ): Promise<T> {
    const match = stackReference.exec(stack);
    if (!match) {
      throw new InfraError(
        'validation',
        `"${stack}" is not a stack reference: ${entityAnnotations.stack} must be <project>/<stack>`,
      );
    }
    const [, project, stackName] = match;
    const workspace = await this.workspaceOf(project);
    try {
      return await read(workspace, stackName);
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      // A file backend whose directory nothing has written yet holds no stack either.
      if (
        /no stack named|not found|does not exist|unable to open state directory[^\n]*no such file or directory/i.test(
          message,
        )
      ) {
        throw new InfraError(
          'not-found',
          withoutBackendPassword(
            `stack ${stack} does not exist in ${this.options.backendUrl}: it was never applied or has been destroyed`,
            this.options.backendUrl,
          ),
          { cause: error },
        );
      }
      throw new InfraError(
        'provider',
        withoutBackendPassword(
          `reading ${what} of stack ${stack} failed: ${message
            .split('\n')
            .filter(line => /error/i.test(line))
            .slice(-2)
            .join(' ')}`,
          this.options.backendUrl,
        ),
        { cause: error },
      );
    }
  }

  private workspaceOf(project: string) {
    let workspace = this.workspaces.get(project);
    if (!workspace) {
      workspace = this.createWorkspace(project);
      // A failed creation is retried by the next read rather than cached.
      workspace.catch(() => this.workspaces.delete(project));
      this.workspaces.set(project, workspace);
    }
    return workspace;
  }

  private async createWorkspace(project: string) {
    const { backendUrl, passphrase, secretsProvider, pulumiCommand } =
      this.options;
    const workDir = await fs.mkdtemp(
      path.join(os.tmpdir(), `ekyc-read-${project}-`),
    );
    return automation.LocalWorkspace.create({
      workDir,
      pulumiCommand,
      secretsProvider,
      projectSettings: {
        name: project,
        runtime: 'nodejs',
        backend: { url: pulumiBackendUrl(backendUrl) },
      },
      envVars: pulumiEnv(passphrase),
    });
  }
}

export function plainOutputs(
  outputs: automation.OutputMap,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(outputs)
      .filter(([, output]) => !output.secret)
      .map(([key, output]) => [key, output.value]),
  );
}
