import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { automation } from '@pulumi/pulumi';
import type { PulumiBackendSettings } from '../settings';
import { entityAnnotations, InfraError } from '@internal/ekyc-domain';
import { pulumiEnv } from './pulumiCommand';

export interface StackOutputsReaderOptions extends PulumiBackendSettings {
  pulumiCommand: automation.PulumiCommand;
}

/** `<project>/<stack>` or `<organization>/<project>/<stack>`, as pulumi.com/stack holds it. */
const stackReference =
  /^(?:[A-Za-z0-9][\w.-]*\/)?([A-Za-z0-9][\w.-]*)\/([A-Za-z0-9][\w.-]*)$/;

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
      return plainOutputs(await workspace.stackOutputs(stackName));
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
          `stack ${stack} does not exist in ${this.options.backendUrl}: it was never applied or has been destroyed`,
          { cause: error },
        );
      }
      throw new InfraError(
        'provider',
        `reading the outputs of stack ${stack} failed: ${message
          .split('\n')
          .filter(line => /error/i.test(line))
          .slice(-2)
          .join(' ')}`,
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
        backend: { url: backendUrl },
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
