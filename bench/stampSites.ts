// Stamps out sovereign sites on the sandbox through the runner and prints wall times:
// 1 site, then 8 concurrently, and the runner's overhead against the same program
// applied with the Automation API alone. Run it through bench/stamp-sites.sh.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { automation } from '@pulumi/pulumi';
import {
  EnvironmentSpec,
  parseEnvironmentSpecYaml,
} from '@internal/ekyc-domain';
import {
  EnvironmentRunner,
  findPulumiCommand,
  pulumiEnv,
} from '../infra-automation/src/runner';
import { sandboxTarget } from './sandboxTarget';
import { median, timed } from './timing';

const passphrase = 'bench-only';
const repeats = 3;

// One GPU per site, so that eight sites fit the BD pool of the sandbox (2 nodes x 4).
function siteSpec(id: string): EnvironmentSpec {
  const example = parseEnvironmentSpecYaml(
    fs.readFileSync(
      path.resolve(__dirname, '../examples/sovereign-site-bd.yaml'),
      'utf8',
    ),
  );
  return {
    ...example,
    id,
    gpuPool: { ...example.gpuPool, minNodes: 1, maxNodes: 1, gpusPerNode: 1 },
  };
}

async function main() {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-bench-'));
  const backendUrl = `file://${stateDir}`;
  const pulumiCommand = await findPulumiCommand();
  const target = sandboxTarget();
  const runner = new EnvironmentRunner({
    pulumiCommand,
    backendUrl,
    passphrase,
    targets: { kubernetes: target },
  });
  // The same runner without the ekyc-guardrails pack (and so without the policy-checking
  // preview that an up without a saved plan starts with).
  const runnerWithoutPolicy = new EnvironmentRunner({
    pulumiCommand,
    backendUrl,
    passphrase,
    targets: { kubernetes: target },
    policyPacks: [],
  });

  // The same program and stack shape without the runner: no validation, lock, config
  // from the spec or progress events.
  const bareUp = async (spec: EnvironmentSpec) => {
    const stack = await automation.LocalWorkspace.createOrSelectStack(
      {
        stackName: spec.id,
        projectName: 'ekyc-bare',
        program: target.programFor(spec),
      },
      {
        pulumiCommand,
        projectSettings: {
          name: 'ekyc-bare',
          runtime: 'nodejs',
          backend: { url: backendUrl },
        },
        envVars: pulumiEnv(passphrase),
      },
    );
    await stack.setConfig('ekyc:databasePassword', {
      value: 'bench-password',
      secret: true,
    });
    await stack.up();
    return stack;
  };

  const report = (label: string, seconds: number) =>
    console.log(`${label.padEnd(58)} ${seconds.toFixed(1).padStart(7)} s`);

  for (const count of [1, 8]) {
    const specs = Array.from({ length: count }, (_, i) =>
      siteSpec(`bench-${count}-${i + 1}`),
    );
    report(
      `up: ${count} site(s) concurrently`,
      await timed(() => Promise.all(specs.map(s => runner.up(s)))),
    );
    report(
      `up again, nothing to change: ${count} site(s)`,
      await timed(() => Promise.all(specs.map(s => runner.up(s)))),
    );
    report(
      `destroy: ${count} site(s) concurrently`,
      await timed(() => Promise.all(specs.map(s => runner.destroy(s)))),
    );
  }

  const times = {
    runner: [] as number[],
    noPolicy: [] as number[],
    bare: [] as number[],
  };
  const previews = { runner: [] as number[], noPolicy: [] as number[] };
  for (let i = 1; i <= repeats; i++) {
    for (const [key, used] of [
      ['runner', runner],
      ['noPolicy', runnerWithoutPolicy],
    ] as const) {
      const spec = siteSpec(`bench-${key.toLowerCase()}-${i}`);
      previews[key].push(await timed(() => used.preview(spec)));
      times[key].push(await timed(() => used.up(spec)));
      await used.destroy(spec);
    }
    const bareSpec = siteSpec(`bench-bare-${i}`);
    let stack: automation.Stack | undefined;
    times.bare.push(
      await timed(async () => {
        stack = await bareUp(bareSpec);
      }),
    );
    await stack!.destroy();
  }
  const of = (values: number[]) => median(values);
  report(
    `preview of one site, policy pack on (median of ${repeats})`,
    of(previews.runner),
  );
  report(
    `preview of one site, no policy pack (median of ${repeats})`,
    of(previews.noPolicy),
  );
  report(
    `up of one site through the runner (median of ${repeats})`,
    of(times.runner),
  );
  report(
    `up of one site, runner without policy pack (median of ${repeats})`,
    of(times.noPolicy),
  );
  report(
    `up of one site, Automation API alone (median of ${repeats})`,
    of(times.bare),
  );
  const overhead = (label: string, value: number, base: number) =>
    console.log(
      `${label}: ${((value / base - 1) * 100).toFixed(1)} % (${(
        value - base
      ).toFixed(2)} s)`,
    );
  overhead(
    'runner without policy pack vs Automation API',
    of(times.noPolicy),
    of(times.bare),
  );
  overhead(
    'policy pack on preview',
    of(previews.runner),
    of(previews.noPolicy),
  );
  overhead(
    'policy pack on up (its checking preview included)',
    of(times.runner),
    of(times.noPolicy),
  );
  fs.rmSync(stateDir, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
