import { automation } from '@pulumi/pulumi';
import {
  EnvironmentSpec,
  parseEnvironmentSpec,
  SpecValidationError,
} from '../spec';
import { InfraError } from './errors';
import { ProgressEvent, ProgressTracker } from './progress';
import { pulumiEnv } from './pulumiCommand';

export interface EnvironmentRunnerOptions {
  /** The CLI to drive (see findPulumiCommand). */
  pulumiCommand: automation.PulumiCommand;
  /** Pulumi backend URL: `file://<dir>` locally, `s3://…` or Pulumi Cloud in production. */
  backendUrl: string;
  /** Encrypts stack secrets with a passphrase (local); production uses a KMS provider. */
  passphrase: string;
  /** The Pulumi program of an environment. */
  programFor: (spec: EnvironmentSpec) => automation.PulumiFn;
  /** Secret stack config per environment (e.g. database passwords). */
  secretConfigFor?: (spec: EnvironmentSpec) => Record<string, string>;
  projectName?: string;
  heartbeatMs?: number;
}

export interface OperationOptions {
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

export interface UpResult {
  outputs: Record<string, unknown>;
  changes: Record<string, number>;
}

/**
 * Applies environments with the Automation API: one stack per environment
 * (`<project>/<environment id>`), the spec validated before anything is touched, one
 * operation per stack at a time in this process, progress as typed events.
 */
export class EnvironmentRunner {
  private readonly running = new Map<string, string>();
  private readonly projectName: string;

  constructor(private readonly options: EnvironmentRunnerOptions) {
    this.projectName = options.projectName ?? 'ekyc-environments';
  }

  /** Validates a spec, residency included; throws InfraError validation or residency. */
  validate(input: unknown): EnvironmentSpec {
    try {
      return parseEnvironmentSpec(input);
    } catch (error) {
      if (error instanceof SpecValidationError) {
        throw new InfraError(error.kind, error.message, { cause: error });
      }
      throw error;
    }
  }

  async preview(input: unknown, options: OperationOptions = {}) {
    return this.operate(input, 'preview', options, async (stack, opts) => {
      const result = await stack.preview(opts);
      return { changes: { ...result.changeSummary } };
    });
  }

  async up(input: unknown, options: OperationOptions = {}): Promise<UpResult> {
    return this.operate(input, 'up', options, async (stack, opts) => {
      const result = await stack.up(opts);
      return {
        outputs: plainOutputs(result.outputs),
        changes: { ...result.summary.resourceChanges },
      };
    });
  }

  async destroy(input: unknown, options: OperationOptions = {}) {
    return this.operate(input, 'destroy', options, async (stack, opts) => {
      const result = await stack.destroy(opts);
      return { changes: { ...result.summary.resourceChanges } };
    });
  }

  /** The stack's outputs; secret outputs are left out. */
  async outputs(input: unknown): Promise<Record<string, unknown>> {
    return this.operate(input, 'outputs', {}, async stack =>
      plainOutputs(await stack.outputs()),
    );
  }

  private async operate<T>(
    input: unknown,
    operation: string,
    { onProgress, signal }: OperationOptions,
    run: (
      stack: automation.Stack,
      opts: {
        onEvent: (e: automation.EngineEvent) => void;
        signal?: AbortSignal;
      },
    ) => Promise<T>,
  ): Promise<T> {
    const spec = this.validate(input);
    const stackRef = `${this.projectName}/${spec.id}`;
    const current = this.running.get(stackRef);
    if (current) {
      throw new InfraError(
        'conflict',
        `Stack ${stackRef} is busy with "${current}" in this portal; wait for it to finish or cancel it, then run "${operation}" again.`,
      );
    }
    this.running.set(stackRef, operation);
    const tracker = new ProgressTracker(
      event => onProgress?.(event),
      this.options.heartbeatMs ?? 10_000,
    );
    try {
      const stack = await this.stackFor(spec);
      return await run(stack, { onEvent: tracker.onEngineEvent, signal });
    } catch (error) {
      throw toInfraError(error, stackRef, operation, signal);
    } finally {
      tracker.stop();
      this.running.delete(stackRef);
    }
  }

  private async stackFor(spec: EnvironmentSpec): Promise<automation.Stack> {
    const stack = await automation.LocalWorkspace.createOrSelectStack(
      {
        stackName: spec.id,
        projectName: this.projectName,
        program: this.options.programFor(spec),
      },
      {
        pulumiCommand: this.options.pulumiCommand,
        projectSettings: {
          name: this.projectName,
          runtime: 'nodejs',
          backend: { url: this.options.backendUrl },
        },
        envVars: pulumiEnv(this.options.passphrase),
      },
    );
    const secrets = this.options.secretConfigFor?.(spec) ?? {};
    const config: automation.ConfigMap = Object.fromEntries(
      Object.entries(secrets).map(([key, value]) => [
        key,
        { value, secret: true },
      ]),
    );
    if (Object.keys(config).length) await stack.setAllConfig(config);
    return stack;
  }
}

function plainOutputs(outputs: automation.OutputMap): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(outputs)
      .filter(([, output]) => !output.secret)
      .map(([key, output]) => [key, output.value]),
  );
}

function toInfraError(
  error: unknown,
  stackRef: string,
  operation: string,
  signal?: AbortSignal,
): InfraError {
  if (error instanceof InfraError) return error;
  if (signal?.aborted) {
    return new InfraError(
      'cancelled',
      `"${operation}" on ${stackRef} was cancelled; resources already changed stay as they are, and the next "up" completes the environment.`,
      { cause: error },
    );
  }
  if (error instanceof automation.ConcurrentUpdateError) {
    return new InfraError(
      'conflict',
      `Stack ${stackRef} is locked by another update (another portal replica or a person's pulumi). Wait for it to finish; if none is running, clear the stale lock with "pulumi cancel" on that stack.`,
      { cause: error },
    );
  }
  // A CommandError's message carries the CLI's stdout and stderr.
  const detail =
    error instanceof automation.CommandError
      ? lastErrorLines(error.message)
      : String((error as Error)?.message ?? error);
  return new InfraError(
    'provider',
    `"${operation}" on ${stackRef} failed: ${detail}`,
    { cause: error },
  );
}

// Pulumi's stderr repeats the whole update; the lines that say "error:" tell why.
function lastErrorLines(stderr: string): string {
  const errors = stderr
    .split('\n')
    .map(line => line.trim())
    .filter(line => line.startsWith('error:'));
  return errors.length ? errors.slice(-3).join(' ') : stderr.trim().slice(-500);
}
