import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseArgs } from 'node:util';
import {
  estimateCost,
  estimateTopologyCost,
  formatCostEstimate,
  formatTopologyCost,
  loadPriceTable,
} from '../cost';
import {
  dataStoresOf,
  describeLocation,
  environmentEntityOf,
  EnvironmentSpec,
  InfraError,
  parseEnvironmentSpecYaml,
  topologyEntityOf,
  topologyProjectName,
} from '@internal/ekyc-domain';
import { checkClusterPlacement } from '../programs';
import { EnvironmentRunner, findPulumiCommand, pulumiEnv } from '../runner';
import { exitCodes } from './exitCodes';
import { progressPrinter } from './progressPrinter';
import {
  readClustersFile,
  readOnPremCostsFile,
  readSettings,
  SettingsError,
} from './settings';
import { cliTargets } from './targets';
import {
  describeTopology,
  isTopologyDocument,
  readTopologyFile,
} from './topologyFile';

const usage = `usage: ekyc-infra <command> <spec.yaml> [options]
       ekyc-infra <command> <topology.yaml> [options]

commands:
  validate   check the spec or topology and its data-residency rules, estimate
             its cost; touches nothing
  preview    show what up would change and its cost, policy-checked
             (--plan FILE saves the plan)
  up         create or update the environment or the topology's routing
             (--plan FILE applies a saved plan; --refresh first reads the live
             resources, so drift is put back)
  refresh    read the live resources back into the stack's state
  drift      report live resources that differ from the spec (exit 8 when any do)
  outputs    print the stack's outputs
  destroy    delete the environment or the topology's routing (needs --yes)
  unlock     clear the lock an operation that was killed left on the stack
             (needs --yes; --clear-pending also drops the creates it had begun)

A topology (kind: topology) takes every command, without --target: its routing
(Route 53, Global Accelerator) goes to AWS in stack ${topologyProjectName}/<topology id>,
reading each region's edge from the region's own stack, so apply the regions first.

options:
  --target T    aws or kubernetes, instead of the spec's own target (not for a topology)
  --plan FILE   update plan to save (preview) or to apply (up)
  --refresh     up: refresh first
  --yes         confirm destroy or unlock
  --clear-pending  unlock: drop pending creates from the state (refresh)
  --json        print the result as JSON (validate of a topology: its catalog entity)

environment:
  EKYC_PULUMI_BACKEND       Pulumi backend URL (file://, postgres://, s3://, Pulumi Cloud)
  PULUMI_CONFIG_PASSPHRASE  encrypts the stacks' secrets
  EKYC_SECRETS_PROVIDER     a KMS instead (awskms://, gcpkms://, azurekeyvault://, hashivault://)
  EKYC_CLUSTERS_FILE        YAML list of the registered clusters, as ekyc.clusters in
                            the portal's config: each one's place, deployer
                            kubeconfig and database storage (the sandbox writes one)
  EKYC_AWS_DNS_ZONE         target aws and topologies: Route 53 zone of the API
                            names, <zone id>:<domain>
  EKYC_AWS_CLUSTER_API_CIDRS  target aws: addresses a region's EKS API answers publicly
                            (comma-separated); unset, it stays private and the CLI must
                            run inside the region's network
  EKYC_POLICY_CONFIG        JSON config of the ekyc-guardrails policy pack
  EKYC_ONPREM_COSTS         YAML on-prem cost model, as ekyc.costs.onPrem in the portal's
                            config: estimates target kubernetes and a site's own hardware
  AWS_PROFILE, AWS_*        target aws and topologies: credentials, as for the AWS CLI

exit codes: 0 ok, 2 usage, 3 invalid spec, 4 residency, 5 policy, 6 conflict,
7 provider or cluster, 8 drift found, 130 cancelled`;

const commands = [
  'validate',
  'preview',
  'up',
  'refresh',
  'drift',
  'outputs',
  'destroy',
  'unlock',
] as const;
type Command = (typeof commands)[number];

class UsageError extends Error {}

function parseOrExplain(argv: string[]) {
  try {
    return parse(argv);
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError((error as Error).message);
    }
    throw error;
  }
}

function parse(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      plan: { type: 'string' },
      target: { type: 'string' },
      yes: { type: 'boolean', default: false },
      refresh: { type: 'boolean', default: false },
      'clear-pending': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  const [command, specFile, ...rest] = positionals;
  if (!commands.includes(command as Command)) {
    throw new UsageError(
      command ? `unknown command "${command}"` : 'name a command',
    );
  }
  if (!specFile || rest.length) {
    throw new UsageError(`"${command}" takes exactly one spec file`);
  }
  if (command === 'destroy' && !values.yes) {
    throw new UsageError(
      'destroy deletes the environment and its data: add --yes to confirm',
    );
  }
  if (command === 'unlock' && !values.yes) {
    throw new UsageError(
      'unlock clears the lock of a running update too: make sure none is running (its process was killed), then add --yes',
    );
  }
  if (values['clear-pending'] && command !== 'unlock') {
    throw new UsageError('--clear-pending applies to unlock only');
  }
  if (values.target && !['aws', 'kubernetes'].includes(values.target)) {
    throw new UsageError(
      `--target must be aws or kubernetes, not "${values.target}"`,
    );
  }
  if (values.plan && command !== 'preview' && command !== 'up') {
    throw new UsageError('--plan applies to preview and up only');
  }
  return { command: command as Command, specFile, ...values };
}

function readSpec(file: string, target?: string): EnvironmentSpec {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  // A region moved to aws creates its own cluster: the one it named is not its place.
  let kind: unknown;
  try {
    kind = (parseYaml(text) as { kind?: unknown } | null)?.kind;
  } catch {
    // parseEnvironmentSpecYaml says what is wrong with it.
  }
  const overrides = target
    ? {
        target,
        ...(target === 'aws' && kind === 'region'
          ? { cluster: undefined }
          : {}),
      }
    : {};
  return parseEnvironmentSpecYaml(text, file, overrides);
}

/** The topology a file holds, or undefined when it holds an environment spec. */
function readTopology(file: string) {
  let document: unknown;
  try {
    document = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch {
    // readSpec says what is wrong with it.
    return undefined;
  }
  return isTopologyDocument(document)
    ? readTopologyFile(file, document)
    : undefined;
}

function print(result: unknown, json: boolean, out: NodeJS.WriteStream) {
  out.write(
    json
      ? `${JSON.stringify(result)}\n`
      : `${JSON.stringify(result, null, 2)}\n`,
  );
}

async function run(
  options: NonNullable<ReturnType<typeof parse>>,
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream },
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<number> {
  const topology = readTopology(options.specFile);
  const onPrem = readOnPremCostsFile(env.EKYC_ONPREM_COSTS);
  if (topology && options.target) {
    throw new UsageError(
      `${options.specFile} is a topology: it takes every command, but not --target; its routing is applied on AWS, and each environment keeps its own target`,
    );
  }
  const subject = topology ?? readSpec(options.specFile, options.target);
  const costOf = (environment: EnvironmentSpec) =>
    estimateCost(environment, loadPriceTable(), onPrem);
  if (options.command === 'validate') {
    if (subject.kind === 'topology') {
      io.stderr.write(
        `${options.specFile}: valid topology "${
          subject.id
        }"; every country's data stays where its rule allows:\n${describeTopology(
          subject,
        )}\n\n${formatTopologyCost(
          estimateTopologyCost(subject, loadPriceTable(), onPrem),
        )}\n`,
      );
      // Its catalog entity, for the catalog and the dashboard's topology view.
      if (options.json) {
        print({ entity: topologyEntityOf(subject) }, true, io.stdout);
      }
      return exitCodes.ok;
    }
    // Where clusters are registered, the spec's one must be allowed to take it.
    if (env.EKYC_CLUSTERS_FILE) {
      checkClusterPlacement(
        subject,
        readClustersFile(env.EKYC_CLUSTERS_FILE).map(cluster => cluster.place),
      );
    }
    io.stderr.write(
      `${options.specFile}: valid ${subject.kind} "${
        subject.id
      }"; personal data stays in:\n${dataStoresOf(subject)
        .map(
          s =>
            `  ${s.store}: ${describeLocation(
              s.location,
            )}, holding ${s.holdsDataOf.join(', ')}`,
        )
        .join('\n')}\n${formatCostEstimate(costOf(subject))}\n`,
    );
    return exitCodes.ok;
  }

  const settings = readSettings(env);
  const pulumiCommand = await findPulumiCommand(env);
  const runner = new EnvironmentRunner({
    pulumiCommand,
    backendUrl: settings.backendUrl,
    passphrase: settings.passphrase,
    secretsProvider: settings.secretsProvider,
    policyPackConfigs: settings.policyConfig ? [settings.policyConfig] : [],
    costEstimateFor: costOf,
    ...cliTargets(settings, {
      path: pulumiCommand.command,
      env: pulumiEnv(settings.passphrase, env),
    }),
  });
  const printer = progressPrinter(
    io.stderr,
    `${options.command} ${subject.id}`,
  );
  const opts = { onProgress: printer.onProgress, signal };
  try {
    switch (options.command) {
      case 'preview': {
        const preview = await runner.preview(subject, {
          ...opts,
          planFile: options.plan,
        });
        printer.done();
        if (preview.costEstimate) {
          io.stderr.write(`${formatCostEstimate(preview.costEstimate)}\n`);
        }
        print(preview, options.json, io.stdout);
        return exitCodes.ok;
      }
      case 'up': {
        const result = await runner.up(subject, {
          ...opts,
          planFile: options.plan,
          refresh: options.refresh,
        });
        // The entity to register it with, as the templates would.
        const entity =
          subject.kind === 'topology'
            ? topologyEntityOf(subject)
            : environmentEntityOf(subject, result.outputs);
        print({ ...result, entity }, options.json, io.stdout);
        return exitCodes.ok;
      }
      case 'refresh':
        print(await runner.refresh(subject, opts), options.json, io.stdout);
        return exitCodes.ok;
      case 'drift': {
        const drift = await runner.drift(subject, opts);
        print(drift, options.json, io.stdout);
        return drift.drifted ? exitCodes.drift : exitCodes.ok;
      }
      case 'outputs':
        print(await runner.outputs(subject), options.json, io.stdout);
        return exitCodes.ok;
      case 'destroy':
        print(await runner.destroy(subject, opts), options.json, io.stdout);
        return exitCodes.ok;
      case 'unlock':
        print(
          await runner.unlock(subject, {
            ...opts,
            clearPendingCreates: options['clear-pending'],
          }),
          options.json,
          io.stdout,
        );
        return exitCodes.ok;
      default:
        throw new UsageError(`unknown command "${options.command}"`);
    }
  } finally {
    printer.done();
  }
}

// gRPC status UNAVAILABLE (14) or CANCELLED (1) from the Pulumi SDK's engine client.
function isEngineDisconnect(reason: unknown): boolean {
  const code = (reason as { code?: unknown })?.code;
  return code === 14 || code === 1;
}

/** Runs the CLI and resolves to its exit code; Ctrl-C cancels the running operation. */
export async function main(
  argv: string[],
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } = process,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(exitCodes.cancelled);
    io.stderr.write(
      '\ncancelling: waiting for the resources in flight (Ctrl-C again to quit now)\n',
    );
    abort.abort();
  };
  // Once the CLI is interrupted, the inline program's pending calls to the engine fail
  // with the connection; that is the cancellation itself, not a new error.
  const onRejection = (reason: unknown) => {
    if (abort.signal.aborted && isEngineDisconnect(reason)) return;
    throw reason;
  };
  process.on('SIGINT', onSigint);
  process.on('unhandledRejection', onRejection);
  try {
    const options = parseOrExplain(argv);
    if (!options) {
      io.stdout.write(`${usage}\n`);
      return exitCodes.ok;
    }
    return await run(options, io, env, abort.signal);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`ekyc-infra: ${error.message}\n\n${usage}\n`);
      return exitCodes.usage;
    }
    if (error instanceof SettingsError) {
      io.stderr.write(`ekyc-infra: ${error.message}\n`);
      return exitCodes.usage;
    }
    if (error instanceof InfraError) {
      io.stderr.write(`ekyc-infra: ${error.kind}: ${error.message}\n`);
      return exitCodes[error.kind];
    }
    io.stderr.write(`ekyc-infra: ${(error as Error).message ?? error}\n`);
    return exitCodes.unexpected;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('unhandledRejection', onRejection);
  }
}
