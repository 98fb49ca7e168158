import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { automation } from '@pulumi/pulumi';
import {
  EnvironmentSpec,
  InfraError,
  parseEnvironmentSpec,
  TopologySpec,
} from '@internal/ekyc-domain';
import { CostEstimate } from '../cost';
import { EnvironmentTarget, TopologyTarget } from '../target';
import { ekycPolicyPackPath } from '../policy/packPath';
import {
  heldSecrets,
  newSecretValue,
  planSecureConfig,
  withGeneratedSecrets,
} from './generatedSecrets';
import { adoptSecretsSettings, operationDir } from './operationWorkspace';
import { PlannedStep, ProgressEvent, ProgressTracker } from './progress';
import { pulumiEnv } from './pulumiCommand';
import { OperationSlots } from './operationSlots';
import { StackLocks } from './stackLocks';
import { pulumiBackendUrl, removeEmptySidecars } from './fileBackend';
import { LocalStackLocks } from './localStackLocks';
import { endOrphanedProcesses, endOwnProcessesOnExit } from './runnerProcesses';
import { withoutBackendPassword } from './backendPassword';
import {
  StackName,
  stackNameOf,
  StackProjects,
  stackProjectsOf,
  StackSubject,
} from './stackNames';
import {
  plainOutputs,
  StackOutputsReader,
  StackStanding,
} from './stackOutputs';

export interface EnvironmentRunnerOptions {
  /** The CLI to drive (see findPulumiCommand). */
  pulumiCommand: automation.PulumiCommand;
  /** Pulumi backend URL: `file://<dir>` locally, `s3://…` or Pulumi Cloud in production. */
  backendUrl: string;
  /**
   * Encrypts stack secrets with a passphrase (local), unless `secretsProvider` names a
   * KMS (production, e.g. `awskms://alias/ekyc-pulumi`); generated secrets need it either way.
   */
  passphrase: string;
  secretsProvider?: string;
  /** The program and preflight of each target this runner applies; others are refused. */
  targets: Partial<Record<EnvironmentSpec['target'], EnvironmentTarget>>;
  /** The program and preflight of topologies' routing; without it, topologies are refused. */
  topologyTarget?: TopologyTarget;
  /** Secret stack config per environment, set on every operation. */
  secretConfigFor?: (spec: EnvironmentSpec) => Record<string, string>;
  /**
   * Secret config keys generated once per stack when missing (random), then kept as
   * secret outputs in the stack's state and handed to every later operation; defaults
   * to the database password the programs read.
   */
  generatedSecrets?: string[];
  /**
   * Policy packs (paths) run on every preview and up, with their config files; the
   * ekyc-guardrails pack unless given (an empty list runs none).
   */
  policyPacks?: string[];
  policyPackConfigs?: string[];
  /** The Pulumi project of the environments' stacks; the domain's unless given. */
  projectName?: string;
  /** The Pulumi project of the topologies' stacks; the domain's unless given. */
  topologyProjectName?: string;
  heartbeatMs?: number;
  /**
   * Pulumi operations this runner runs at once (default 2); more wait in order, told
   * how many are ahead. Reads of stack outputs are not counted.
   */
  maxConcurrentOperations?: number;
  /** What the environment would cost, shown with each preview. */
  costEstimateFor?: (spec: EnvironmentSpec) => CostEstimate;
  /**
   * The stacks' locks across processes (the portal's replicas share its database);
   * without them, a file backend's stacks are locked among this machine's processes
   * (a directory beside the state), other backends' within this process only.
   */
  stackLocks?: StackLocks;
}

export interface OperationOptions {
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
  /** Who runs the operation (a task), named to whoever finds the stack locked. */
  holder?: string;
}

export interface PreviewOptions extends OperationOptions {
  /** Save the update plan here, for an up that must do exactly what was previewed. */
  planFile?: string;
}

export interface UpOptions extends OperationOptions {
  /** A plan saved by preview: the up fails rather than do anything it did not show. */
  planFile?: string;
  /** Refresh first, so that drifted resources are put back to what the program says. */
  refresh?: boolean;
}

export interface PreviewResult {
  changes: Record<string, number>;
  /** Every resource that would change, with the properties that differ. */
  steps: PlannedStep[];
  costEstimate?: CostEstimate;
}

export interface UpResult {
  outputs: Record<string, unknown>;
  changes: Record<string, number>;
}

export interface UnlockResult {
  /** Operations a dead update began that the state still lists, as "<type> <urn>". */
  pendingOperations: string[];
  /** How many pending operations were cleared. */
  cleared: number;
}

export interface DriftResult {
  drifted: boolean;
  changes: Record<string, number>;
  /** What the next up would change to bring the live objects back to the program. */
  steps: PlannedStep[];
}

type PendingOperation = { type?: string; resource?: { urn?: string } };

/** The stack config an environment's spec is written to on every operation. */
const specConfigKey = 'ekyc:spec';

/** The top-level fields in which two specs differ, order within lists aside. */
function differingFields(a: EnvironmentSpec, b: EnvironmentSpec): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const text = (spec: EnvironmentSpec, key: string) =>
    JSON.stringify(canonical(spec[key as keyof EnvironmentSpec]));
  return [...keys].filter(key => text(a, key) !== text(b, key));
}

/** A value with objects' keys and lists' items in one order, so equal specs compare equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value
      .map(canonical)
      .sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([x], [y]) => (x < y ? -1 : 1))
        .map(([key, item]) => [key, canonical(item)]),
    );
  }
  return value;
}

/** What an operation runs on one stack, for an environment and a topology alike. */
interface StackJob extends StackName {
  program: () => automation.PulumiFn;
  /** Checks made before the stack is touched, for the operation about to run. */
  preflight: (operation: string) => Promise<void>;
  /** The subject itself, so that `pulumi config` on the stack shows what it was built from. */
  config: automation.ConfigMap;
  /** Secret config keys generated once per stack (see generatedSecrets). */
  generatedSecrets: string[];
  /** The caller's secret config for the stack. */
  secretConfig: () => Record<string, string>;
}

/**
 * Clears what an update that died left on its stack: Pulumi's lock and, when asked,
 * the creates it had begun (a refresh that drops them); the pending operations before
 * and after.
 */
async function clearDeadUpdate(
  stack: automation.Stack,
  refresh: {
    onEvent: (e: automation.EngineEvent) => void;
    signal?: AbortSignal;
  },
  clearPendingCreates: boolean,
): Promise<{ before: PendingOperation[]; left: PendingOperation[] }> {
  await stack.cancel();
  const pending = async () =>
    ((await stack.exportStack()).deployment?.pending_operations ??
      []) as PendingOperation[];
  const before = await pending();
  if (!before.length || !clearPendingCreates) return { before, left: before };
  await stack.refresh({ ...refresh, clearPendingCreates: true });
  return { before, left: await pending() };
}

/**
 * Applies environments, and the topologies that route between them, with the Automation
 * API: one stack per environment (`<project>/<environment id>`) and per topology
 * (`<topologies' project>/<topology id>`), one operation per stack at a time in this
 * process, progress as typed events. It takes specs parsed at the edge
 * (parseEnvironmentSpec, parseTopologySpec of @internal/ekyc-domain) and does not parse
 * them again.
 */
export class EnvironmentRunner {
  private readonly running = new Map<string, string>();
  private readonly projects: StackProjects;
  private readonly reader: StackOutputsReader;
  private readonly slots: OperationSlots;

  private readonly stackLocks?: StackLocks;
  private orphansEnded?: Promise<number>;

  constructor(private readonly options: EnvironmentRunnerOptions) {
    this.reader = new StackOutputsReader(options);
    this.slots = new OperationSlots(options.maxConcurrentOperations ?? 2);
    this.projects = stackProjectsOf(options);
    this.stackLocks =
      options.stackLocks ??
      (options.backendUrl.startsWith('file:///')
        ? new LocalStackLocks(
            path.join(fileURLToPath(options.backendUrl), '.ekyc-locks'),
          )
        : undefined);
    endOwnProcessesOnExit();
  }

  /** What an up would change, policy packs applied; optionally saves the plan. */
  async preview(
    subject: StackSubject,
    options: PreviewOptions = {},
  ): Promise<PreviewResult> {
    const { planFile } = options;
    const { costEstimateFor } = this.options;
    return this.operate(
      subject,
      'preview',
      { ...options, experimental: Boolean(planFile) },
      async (stack, opts, tracker) => {
        const result = await stack.preview({
          ...opts,
          ...this.policyOptions(),
          plan: planFile,
        });
        return {
          changes: { ...result.changeSummary },
          steps: tracker.steps,
          ...(costEstimateFor && subject.kind !== 'topology'
            ? { costEstimate: costEstimateFor(subject) }
            : {}),
        };
      },
    );
  }

  async up(subject: StackSubject, options: UpOptions = {}): Promise<UpResult> {
    const { planFile, refresh } = options;
    return this.operate(
      subject,
      'up',
      { ...options, experimental: Boolean(planFile), planToApply: planFile },
      async (stack, opts) => {
        // The engine checks policies resource by resource while it applies, so a
        // violation found during an update stops it with earlier resources applied. A
        // preview checks them all with nothing touched; a saved plan was checked already.
        if (!planFile) {
          await stack.preview({
            signal: opts.signal,
            ...this.policyOptions(),
            refresh,
          });
        }
        const result = await stack.up({
          ...opts,
          ...this.policyOptions(),
          plan: planFile,
          refresh,
        });
        return {
          outputs: plainOutputs(result.outputs),
          changes: { ...result.summary.resourceChanges },
        };
      },
    );
  }

  /** Reads every resource back from the cluster or cloud into the stack's state. */
  async refresh(subject: StackSubject, options: OperationOptions = {}) {
    return this.operate(subject, 'refresh', options, async (stack, opts) => {
      const result = await stack.refresh(opts);
      return { changes: { ...result.summary.resourceChanges } };
    });
  }

  /**
   * Compares the live resources with the program without changing anything: a preview
   * that refreshes first, in memory. Any step other than "same" is drift.
   */
  async drift(
    subject: StackSubject,
    options: OperationOptions = {},
  ): Promise<DriftResult> {
    return this.operate(
      subject,
      'drift check',
      options,
      async (stack, opts, tracker) => {
        const result = await stack.preview({ ...opts, refresh: true });
        const steps = tracker.steps;
        return {
          drifted: steps.length > 0,
          changes: { ...result.changeSummary },
          steps,
        };
      },
    );
  }

  async destroy(subject: StackSubject, options: OperationOptions = {}) {
    return this.operate(subject, 'destroy', options, async (stack, opts) => {
      const result = await stack.destroy(opts);
      return { changes: { ...result.summary.resourceChanges } };
    });
  }

  /**
   * Clears what an operation that died (a killed portal or CLI) left on the stack: its
   * Pulumi lock, and with `clearPendingCreates` the creates it had begun but not
   * recorded, dropped from the state by a refresh (a resource it did create is then
   * found again by the next up, or has to be removed by hand). Taken under this
   * runner's locks, so that an operation still running here or on another replica is
   * refused rather than cleared.
   */
  async unlock(
    subject: StackSubject,
    options: OperationOptions & { clearPendingCreates?: boolean } = {},
  ): Promise<UnlockResult> {
    return this.operate(subject, 'unlock', options, async (stack, opts) => {
      const { before, left } = await clearDeadUpdate(
        stack,
        opts,
        options.clearPendingCreates ?? false,
      );
      return {
        pendingOperations: left.map(operation =>
          `${operation.type ?? 'operation'} ${
            operation.resource?.urn ?? ''
          }`.trim(),
        ),
        cleared: before.length - left.length,
      };
    });
  }

  /**
   * The stack's outputs; secret outputs are left out. Read-only, in a workspace of
   * its own: no stack is created, no config written, no lock taken.
   */
  async outputs(
    subject: Pick<EnvironmentSpec, 'id'> | TopologySpec,
  ): Promise<Record<string, unknown>> {
    return this.reader.read(stackNameOf(subject, this.projects).ref);
  }

  /**
   * The stack's latest update version and resource count, read-only: a plan approved
   * at one version is stale once the stack has moved on.
   */
  async standing(environmentId: string): Promise<StackStanding> {
    return this.reader.standing(
      stackNameOf({ id: environmentId }, this.projects).ref,
    );
  }

  /**
   * Whether an up of the environment completed at least once: its stack holds outputs.
   * A creation cancelled or failed midway leaves none, and may be finished. Read-only.
   */
  async hasCompletedEnvironment(environmentId: string): Promise<boolean> {
    try {
      const outputs = await this.reader.read(
        stackNameOf({ id: environmentId }, this.projects).ref,
      );
      return Object.keys(outputs).length > 0;
    } catch (error) {
      if (error instanceof InfraError && error.kind === 'not-found') {
        return false;
      }
      throw error;
    }
  }

  private policyOptions() {
    return {
      policyPacks: this.options.policyPacks ?? [ekycPolicyPackPath],
      policyPackConfigs: this.options.policyPackConfigs,
    };
  }

  private async operate<T>(
    subject: StackSubject,
    operation: string,
    {
      onProgress,
      signal,
      holder,
      experimental,
      planToApply,
    }: OperationOptions & { experimental?: boolean; planToApply?: string },
    run: (
      stack: automation.Stack,
      opts: {
        onEvent: (e: automation.EngineEvent) => void;
        signal?: AbortSignal;
      },
      tracker: ProgressTracker,
    ) => Promise<T>,
  ): Promise<T> {
    const job = this.jobOf(subject);
    const stackRef = job.ref;
    const current = this.running.get(stackRef);
    if (current) {
      throw new InfraError(
        'conflict',
        `Stack ${stackRef} is busy with "${current}" in this portal; wait for it to finish or cancel it, then run "${operation}" again.`,
      );
    }
    this.running.set(stackRef, operation);
    // Pulumi processes left by a runner that died on this host (this one's
    // predecessor) are ended before any stack is touched.
    this.orphansEnded ??= endOrphanedProcesses();
    await this.orphansEnded;
    // The in-process map above is the fast path; the shared lock holds across replicas.
    const lock = await this.lockAcross(
      stackRef,
      operation,
      `${holder ?? `process ${process.pid}`} (${operation})`,
    ).catch(error => {
      this.running.delete(stackRef);
      throw error;
    });
    const release = await this.slots
      .acquire(
        ahead =>
          onProgress?.({ type: 'queued', ahead, limit: this.slots.limit }),
        signal,
      )
      .catch(async error => {
        await lock?.release();
        this.running.delete(stackRef);
        throw this.redacted(toInfraError(error, stackRef, operation, signal));
      });
    const tracker = new ProgressTracker(
      event => onProgress?.(event),
      this.options.heartbeatMs ?? 10_000,
    );
    const workspace = await operationDir(job.stackName).catch(async error => {
      tracker.stop();
      release();
      await lock?.release();
      this.running.delete(stackRef);
      throw this.redacted(toInfraError(error, stackRef, operation, signal));
    });
    try {
      await job.preflight(operation);
      const stack = await this.stackFor(job, {
        workDir: workspace.dir,
        experimental: experimental ?? false,
        planToApply,
      });
      if (lock?.abandonedBy && operation !== 'unlock') {
        await this.resumeAbandoned(stack, stackRef, lock.abandonedBy, {
          onEvent: tracker.onEngineEvent,
          onProgress,
        });
      }
      // A signal aborted before Pulumi starts fires no abort event for the Automation
      // API to act on: the operation would run to its end (a task cancelled during the
      // step before this one).
      signal?.throwIfAborted();
      return await run(
        stack,
        { onEvent: tracker.onEngineEvent, signal },
        tracker,
      );
    } catch (error) {
      throw this.redacted(toInfraError(error, stackRef, operation, signal));
    } finally {
      tracker.stop();
      await workspace.remove();
      release();
      await lock?.release();
      this.running.delete(stackRef);
    }
  }

  /**
   * Clears what an operation that died holding the stack's lock left: its processes on
   * this host, its Pulumi lock and its pending creates, so that the operation after it
   * (a recovered task's up) converges instead of finding the stack locked.
   */
  private async resumeAbandoned(
    stack: automation.Stack,
    stackRef: string,
    abandonedBy: string,
    {
      onEvent,
      onProgress,
    }: {
      onEvent: (e: automation.EngineEvent) => void;
      onProgress?: (event: ProgressEvent) => void;
    },
  ): Promise<void> {
    const ended = await endOrphanedProcesses();
    try {
      const { before } = await clearDeadUpdate(stack, { onEvent }, true);
      onProgress?.({
        type: 'diagnostic',
        severity: 'warning',
        message: `${abandonedBy} died holding ${stackRef}; cleared its lock and ${
          before.length
        } pending operation(s)${
          ended ? `, and ended ${ended} of its processes` : ''
        }: this operation resumes from what it had applied.`,
      });
    } catch (error) {
      throw new InfraError(
        'conflict',
        `${abandonedBy} died holding ${stackRef}, and what it left could not be cleared (${
          error instanceof Error ? error.message : String(error)
        }); run "ekyc-infra unlock <spec or topology file> --yes --clear-pending", then this operation again.`,
        { cause: error },
      );
    }
  }

  /** The error without the backend's password, which Pulumi's messages may quote. */
  private redacted(error: InfraError): InfraError {
    const message = withoutBackendPassword(
      error.message,
      this.options.backendUrl,
    );
    if (message === error.message) return error;
    return new InfraError(error.kind, message, { cause: error.cause });
  }

  /** The stack's shared lock, or a conflict that names who holds it. */
  private async lockAcross(
    stackRef: string,
    operation: string,
    holder: string,
  ) {
    if (!this.stackLocks) return undefined;
    const lock = await this.stackLocks.tryAcquire(stackRef, holder);
    if ('heldBy' in lock) {
      throw new InfraError(
        'conflict',
        `Stack ${stackRef} is busy with ${lock.heldBy} in another process (a portal replica or ekyc-infra); wait for it to finish or cancel it, then run "${operation}" again.`,
      );
    }
    return lock;
  }

  /** The stack, program, preflight and config of an environment or a topology. */
  private jobOf(subject: StackSubject): StackJob {
    const name = stackNameOf(subject, this.projects);
    if (subject.kind === 'topology') {
      const target = this.topologyTargetOf(subject);
      return {
        ...name,
        program: () => target.programFor(subject),
        preflight: async operation => {
          // Only what changes the routing must rest on the environments as they run.
          if (operation === 'preview' || operation === 'up') {
            await this.refuseStaleCopies(subject);
          }
          await target.preflight?.(subject);
        },
        config: { 'ekyc:topology': { value: JSON.stringify(subject) } },
        // The routing reads no secrets.
        generatedSecrets: [],
        secretConfig: () => ({}),
      };
    }
    const target = this.targetOf(subject);
    const generated = this.options.generatedSecrets ?? [
      'ekyc:databasePassword',
    ];
    return {
      ...name,
      program: () =>
        withGeneratedSecrets(target.programFor(subject), generated),
      preflight: async () => target.preflight?.(subject),
      config: { [specConfigKey]: { value: JSON.stringify(subject) } },
      generatedSecrets: generated,
      secretConfig: () => this.options.secretConfigFor?.(subject) ?? {},
    };
  }

  /**
   * A topology was judged, residency over every edge, on its copies of the
   * environments: each one applied in this backend must be what its stack was last
   * applied with (`ekyc-infra up env.yaml` of a changed spec checks no topology).
   */
  private async refuseStaleCopies(topology: TopologySpec): Promise<void> {
    const problems: string[] = [];
    for (const copy of topology.environments) {
      const applied = await this.appliedSpecText(copy.id);
      if (applied === undefined) continue;
      let appliedSpec: EnvironmentSpec;
      try {
        appliedSpec = parseEnvironmentSpec(JSON.parse(applied));
      } catch {
        problems.push(
          `${copy.id} was last applied with a spec that no longer validates: apply it again`,
        );
        continue;
      }
      const differing = differingFields(appliedSpec, copy);
      if (differing.length) {
        problems.push(
          `${copy.id} was last applied with other ${differing.join(
            ', ',
          )} than the topology's copy`,
        );
      }
    }
    if (problems.length) {
      throw new InfraError(
        'validation',
        `topology ${
          topology.id
        } was checked on copies of its environments that are not what they run as:\n${problems
          .map(problem => `  - ${problem}`)
          .join(
            '\n',
          )}\nPut each environment's applied spec into the topology (and validate it), or apply the topology's copy first.`,
      );
    }
  }

  /** The spec an environment's stack was last applied with; undefined if never. */
  private async appliedSpecText(
    environmentId: string,
  ): Promise<string | undefined> {
    try {
      return await this.reader.appliedConfig(
        stackNameOf({ id: environmentId }, this.projects).ref,
        specConfigKey,
      );
    } catch (error) {
      if (error instanceof InfraError && error.kind === 'not-found') {
        return undefined;
      }
      throw error;
    }
  }

  /** The topologies' target, or a refusal saying this runner applies none. */
  private topologyTargetOf(topology: TopologySpec): TopologyTarget {
    const target = this.options.topologyTarget;
    if (target) return target;
    throw new InfraError(
      'validation',
      `topology ${topology.id} cannot be applied here: this runner has no target for topologies' routing (topologyTarget)`,
    );
  }

  /** The spec's target, or a refusal naming the targets this runner applies. */
  private targetOf(spec: EnvironmentSpec): EnvironmentTarget {
    const target = this.options.targets[spec.target];
    if (target) return target;
    throw new InfraError(
      'validation',
      `environment ${spec.id} has target "${
        spec.target
      }", which is not configured here (configured: ${
        Object.keys(this.options.targets).join(', ') || 'none'
      }): set target to a configured one, or configure ${spec.target}`,
    );
  }

  private async stackFor(
    job: StackJob,
    {
      workDir,
      experimental,
      planToApply,
    }: { workDir: string; experimental: boolean; planToApply?: string },
  ): Promise<automation.Stack> {
    const { backendUrl } = this.options;
    // Pulumi does not create a file backend's directory.
    if (backendUrl.startsWith('file:///')) {
      const backendDir = fileURLToPath(backendUrl);
      await fs.mkdir(backendDir, { recursive: true });
      await removeEmptySidecars(backendDir, job.projectName, job.stackName);
    }
    const stack = await automation.LocalWorkspace.createOrSelectStack(
      {
        stackName: job.stackName,
        projectName: job.projectName,
        program: job.program(),
      },
      {
        workDir,
        secretsProvider: this.options.secretsProvider,
        pulumiCommand: this.options.pulumiCommand,
        projectSettings: {
          name: job.projectName,
          runtime: 'nodejs',
          backend: { url: pulumiBackendUrl(backendUrl) },
        },
        envVars: {
          ...pulumiEnv(this.options.passphrase),
          // Update plans are behind Pulumi's experimental switch.
          ...(experimental ? { PULUMI_EXPERIMENTAL: 'true' } : {}),
        },
      },
    );
    const state = await stack.exportStack();
    await adoptSecretsSettings(stack, state);
    await stack.setAllConfig(
      await this.configFor(stack, job, {
        held: heldSecrets(state, job.generatedSecrets),
        planToApply,
      }),
    );
    return stack;
  }

  /**
   * The job's own config, the caller's secrets, and the generated secrets: as the state
   * holds them, else as the plan being applied was made with (a new stack's first up),
   * else new.
   */
  private async configFor(
    stack: automation.Stack,
    job: StackJob,
    {
      held,
      planToApply,
    }: { held: Record<string, string>; planToApply?: string },
  ): Promise<automation.ConfigMap> {
    const missing = job.generatedSecrets.filter(key => !(key in held));
    const planned = planToApply
      ? await this.planSecrets(stack, planToApply, missing)
      : {};
    const secrets = {
      ...Object.fromEntries(missing.map(key => [key, newSecretValue()])),
      ...planned,
      ...held,
      ...job.secretConfig(),
    };
    return {
      ...job.config,
      ...Object.fromEntries(
        Object.entries(secrets).map(([key, value]) => [
          key,
          { value, secret: true },
        ]),
      ),
    };
  }

  /**
   * The plan's secret config in plaintext: its ciphertext is written into this
   * workspace's settings (whose salt is the stack's own) and read back through Pulumi.
   */
  private async planSecrets(
    stack: automation.Stack,
    planFile: string,
    keys: string[],
  ): Promise<Record<string, string>> {
    const secure = await planSecureConfig(planFile, keys);
    if (!Object.keys(secure).length) return {};
    const settings = await stack.workspace.stackSettings(stack.name);
    await stack.workspace.saveStackSettings(stack.name, {
      ...settings,
      config: { ...settings.config, ...secure },
    });
    const config = await stack.getAllConfig();
    return Object.fromEntries(
      Object.keys(secure).map(key => [key, config[key].value]),
    );
  }
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
      `Stack ${stackRef} is locked by another update (another portal replica or a person's pulumi). Wait for it to finish; if none is running (its process was killed), clear the stale lock with "ekyc-infra unlock <spec or topology file> --yes".`,
      { cause: error },
    );
  }
  // A CommandError's message carries the CLI's stdout and stderr.
  const output = error instanceof automation.CommandError ? error.message : '';
  const violations = policyViolations(output);
  if (violations.length) {
    return new InfraError(
      'policy',
      `"${operation}" on ${stackRef} was refused by policy: ${violations.join(
        '; ',
      )}`,
      { cause: error },
    );
  }
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

/**
 * The mandatory policy violations in the CLI's output, each as "rule on resource: why",
 * from blocks such as:
 *   - [mandatory]  namespace-needs-country  (kubernetes:core/v1:Namespace: x)
 *     every namespace has ekyc.io/country       (the policy's description)
 *     namespace lacks ekyc.io/country           (what the policy reported)
 */
export function policyViolations(output: string): string[] {
  const lines = output.split('\n').map(line => line.trim());
  const found = lines.flatMap((line, i) => {
    const match = /^-?\s*\[mandatory\]\s+(\S+)\s+\((.+)\)$/.exec(line);
    return match ? [`${match[1]} on ${match[2]}: ${lines[i + 2] ?? ''}`] : [];
  });
  return [...new Set(found)];
}

// Pulumi's stderr repeats the whole update; the lines that say "error:" tell why.
function lastErrorLines(stderr: string): string {
  const errors = stderr
    .split('\n')
    .map(line => line.trim())
    .filter(line => line.startsWith('error:'));
  const distinct = [...new Set(errors)];
  return distinct.length
    ? distinct.slice(-3).join(' ')
    : stderr.trim().slice(-500);
}
