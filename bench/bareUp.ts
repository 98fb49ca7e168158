// Applies the BD example once with the Automation API alone (no runner, no policy pack)
// and destroys it; prints the up's wall time in seconds. The baseline of
// bench/scaffolder-task.sh. Run with the sandbox's environment set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { automation } from '@pulumi/pulumi';
import { parseEnvironmentSpecYaml } from '@internal/ekyc-domain';
import { sandboxTarget } from './sandboxTarget';
import { findPulumiCommand, pulumiEnv } from '../infra-automation/src/runner';

async function main() {
  const spec = {
    ...parseEnvironmentSpecYaml(
      fs.readFileSync(
        path.resolve(__dirname, '../examples/sovereign-site-bd.yaml'),
        'utf8',
      ),
    ),
    id: process.argv[2] ?? 'bench-bare',
  };
  const target = sandboxTarget();
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-bare-'));
  const stack = await automation.LocalWorkspace.createOrSelectStack(
    {
      stackName: spec.id,
      projectName: 'ekyc-bare',
      program: target.programFor(spec),
    },
    {
      pulumiCommand: await findPulumiCommand(),
      projectSettings: {
        name: 'ekyc-bare',
        runtime: 'nodejs',
        backend: { url: `file://${stateDir}` },
      },
      envVars: pulumiEnv('bench-only'),
    },
  );
  await stack.setConfig('ekyc:databasePassword', {
    value: 'bench',
    secret: true,
  });
  const start = process.hrtime.bigint();
  await stack.up();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await stack.destroy();
  fs.rmSync(stateDir, { recursive: true, force: true });
  console.log(seconds.toFixed(2));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
