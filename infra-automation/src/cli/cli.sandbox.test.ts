// The `ekyc-infra` bin as a separate process against the sandbox: what an operator or a
// CI pipeline runs. Needs a running sandbox: scripts/test.sh starts one.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { sandboxDir } from '../__testUtils__/sandbox';

// Sized from the measured time with a wide margin (a Pulumi operation on the sandbox takes 12 to 20 s idle and three times that with the two cores shared; tests that run several set their own).
jest.setTimeout(180_000);

const bin = path.resolve(__dirname, '../../bin/ekyc-infra');
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-cli-sandbox-'));
const env = {
  ...process.env,
  EKYC_PULUMI_BACKEND: `file://${path.join(workDir, 'state')}`,
  PULUMI_CONFIG_PASSPHRASE: 'sandbox-only-passphrase',
  EKYC_CLUSTERS_FILE: path.join(sandboxDir, 'clusters.yaml'),
};

/** Runs the bin; `onStderr` may interrupt it, as Ctrl-C would. */
function ekycInfra(
  args: string[],
  onStderr?: (text: string, interrupt: () => void) => void,
) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(
    resolve => {
      const child = spawn(process.execPath, [bin, ...args], { env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', chunk => (stdout += chunk));
      child.stderr.on('data', chunk => {
        stderr += chunk;
        onStderr?.(stderr, () => child.kill('SIGINT'));
      });
      child.on('close', code => resolve({ code: code ?? -1, stdout, stderr }));
    },
  );
}

/** A one-GPU BD site, so that it fits beside the other sandbox tests. */
function writeSiteSpec(id: string): string {
  const file = path.join(workDir, `${id}.yaml`);
  const spec = parse(
    fs.readFileSync(
      path.resolve(__dirname, '../../../examples/sovereign-site-bd.yaml'),
      'utf8',
    ),
  );
  fs.writeFileSync(
    file,
    stringify({
      ...spec,
      id,
      gpuPool: { ...spec.gpuPool, minNodes: 1, maxNodes: 1, gpusPerNode: 1 },
    }),
  );
  return file;
}
const specPath = writeSiteSpec('cli-bd');
const lockedSpecPath = writeSiteSpec('cli-bd-locked');
const killedSpecPath = writeSiteSpec('cli-bd-killed');

describe('ekyc-infra against the sandbox', () => {
  afterAll(async () => {
    await ekycInfra(['destroy', specPath, '--yes']);
    await ekycInfra(['destroy', lockedSpecPath, '--yes']);
    await ekycInfra(['destroy', killedSpecPath, '--yes']);
    fs.rmSync(workDir, { recursive: true, force: true });
  }, 300_000);

  it('ups a site, prints its outputs, finds no drift, and destroys it', async () => {
    const up = await ekycInfra(['up', specPath, '--json']);
    expect(up.stderr).toMatch(
      /ok +create +kubernetes:apps\/v1:Deployment cli-bd-image-worker/,
    );
    expect(up.code).toBe(0);
    const result = JSON.parse(up.stdout);
    expect(result.outputs.namespace).toBe('ekyc-cli-bd');
    expect(result.outputs.gpuPool.workers).toEqual({ min: 1, max: 1 });
    // Plain lines off a terminal, and never the generated database password.
    expect(up.stderr).not.toContain('\x1b[');
    expect(up.stderr + up.stdout).not.toMatch(/databasePassword"?\s*[:=]/);

    const outputs = await ekycInfra(['outputs', specPath, '--json']);
    expect(outputs.code).toBe(0);
    expect(JSON.parse(outputs.stdout)).toEqual(result.outputs);

    const drift = await ekycInfra(['drift', specPath, '--json']);
    expect(drift.code).toBe(0);
    expect(JSON.parse(drift.stdout).drifted).toBe(false);

    const destroy = await ekycInfra(['destroy', specPath, '--yes', '--json']);
    expect(destroy.code).toBe(0);
    expect(Object.keys(JSON.parse(destroy.stdout).changes)).toEqual(['delete']);
  }, 600_000);

  it('exits 130 when interrupted midway, and the next up completes the site', async () => {
    let interrupted = false;
    const cancelled = await ekycInfra(['up', specPath], (text, interrupt) => {
      if (
        !interrupted &&
        /ok +create +kubernetes:core\/v1:Namespace/.test(text)
      ) {
        interrupted = true;
        interrupt();
      }
    });
    expect(cancelled.stderr).toContain(
      'cancelling: waiting for the resources in flight',
    );
    expect(cancelled.stderr).toContain('ekyc-infra: cancelled:');
    expect(cancelled.code).toBe(130);

    const resumed = await ekycInfra(['up', specPath, '--json']);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout).changes.create).toBeGreaterThan(0);
    const drift = await ekycInfra(['drift', specPath]);
    expect(drift.code).toBe(0);
  }, 600_000);

  /** Runs an up and kills it (kill -9) once Pulumi is creating resources. */
  const killedUp = (...args: string[]) =>
    new Promise<{ stderr: string; pid: number }>(resolve => {
      const child = spawn(
        process.execPath,
        [bin, 'up', killedSpecPath, ...args],
        { env },
      );
      let stderr = '';
      child.stderr.on('data', chunk => {
        stderr += chunk;
        if (/ok +create +kubernetes/.test(stderr)) child.kill('SIGKILL');
      });
      child.on('close', () => resolve({ stderr, pid: child.pid! }));
    });

  /** Processes still marked as started by the given (dead) process. */
  const leftBy = (pid: number) =>
    fs
      .readdirSync('/proc')
      .filter(entry => /^\d+$/.test(entry))
      .filter(entry => {
        try {
          return fs
            .readFileSync(`/proc/${entry}/environ`, 'utf8')
            .split('\0')
            .some(v =>
              v.startsWith(`EKYC_RUNNER_OWNER=${os.hostname()}/${pid}/`),
            );
        } catch {
          return false;
        }
      });

  it('resumes an up that was killed mid-apply: its processes ended, its lock and pending creates cleared, the stack completed', async () => {
    const killed = await killedUp();
    expect(killed.stderr).toMatch(/ok +create +kubernetes/);

    const resumed = await ekycInfra(['up', killedSpecPath, '--json']);
    expect(resumed.stderr).toMatch(
      new RegExp(
        `warning: process ${killed.pid} \\(up\\) died holding [^;]*/cli-bd-killed; cleared its lock and \\d+ pending operation`,
      ),
    );
    expect(resumed.code).toBe(0);
    expect(leftBy(killed.pid)).toEqual([]);
    expect((await ekycInfra(['drift', killedSpecPath])).code).toBe(0);
  }, 600_000);

  it('unlocks, when asked, a stack whose up was killed, after which an up completes it', async () => {
    await ekycInfra(['destroy', killedSpecPath, '--yes']);
    const killed = await killedUp();
    expect(killed.stderr).toMatch(/ok +create +kubernetes/);

    const unconfirmed = await ekycInfra(['unlock', killedSpecPath]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('then add --yes');
    const unlocked = await ekycInfra([
      'unlock',
      killedSpecPath,
      '--yes',
      '--clear-pending',
      '--json',
    ]);
    expect(unlocked.code).toBe(0);
    expect(JSON.parse(unlocked.stdout).pendingOperations).toEqual([]);
    const resumed = await ekycInfra(['up', killedSpecPath, '--json']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).not.toContain('died holding');
    expect((await ekycInfra(['drift', killedSpecPath])).code).toBe(0);
  }, 600_000);

  // What a recovered scaffolder task does: its up runs again with the preview's plan.
  it('resumes, with its saved plan, an up that was killed mid-apply', async () => {
    await ekycInfra(['destroy', killedSpecPath, '--yes']);
    const plan = path.join(
      os.tmpdir(),
      `cli-bd-killed-${process.pid}.plan.json`,
    );
    expect(
      (await ekycInfra(['preview', killedSpecPath, '--plan', plan])).code,
    ).toBe(0);
    const killed = await killedUp('--plan', plan);
    expect(killed.stderr).toMatch(/ok +create +kubernetes/);

    const resumed = await ekycInfra([
      'up',
      killedSpecPath,
      '--plan',
      plan,
      '--json',
    ]);
    expect(resumed.stderr).toContain('died holding');
    expect({ code: resumed.code, stderr: resumed.stderr }).toMatchObject({
      code: 0,
    });
    expect((await ekycInfra(['drift', killedSpecPath])).code).toBe(0);
    fs.rmSync(plan, { force: true });
  }, 600_000);

  it('exits 6 when another update holds the stack', async () => {
    const first = ekycInfra(['up', lockedSpecPath]);
    // Start the second once the first holds Pulumi's lock in the shared backend.
    const locks = path.join(workDir, 'state', '.pulumi', 'locks');
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const held =
        fs.existsSync(locks) &&
        fs
          .readdirSync(locks, { recursive: true })
          .some(f => String(f).endsWith('.json'));
      if (held) break;
      await new Promise(r => setTimeout(r, 100));
    }
    // A refresh asks for the lock at once; a second up would first run its
    // policy-checking preview, which takes no lock, and on a busy machine could reach
    // the update only after the first has finished.
    const second = await ekycInfra(['refresh', lockedSpecPath]);
    expect(second.stderr).toContain('ekyc-infra: conflict:');
    expect(second.code).toBe(6);
    expect((await first).code).toBe(0);
  }, 600_000);
});
