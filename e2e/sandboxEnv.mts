import { spawnSync } from 'node:child_process';
import path from 'node:path';

// Where the test sandbox is: scripts/test.sh exports these after starting it.
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run this through scripts/test.sh`);
  return value;
}

export const sandboxDir = requiredEnv('EKYC_SANDBOX_DIR');
export const toolchainBin = requiredEnv('EKYC_TOOLCHAIN_BIN');

/** kubectl as the sandbox's admin; `input` goes to its stdin; throws with its stderr. */
export function kubectl(args: string[], input?: string): string {
  const result = spawnSync(
    path.join(toolchainBin, 'kubectl'),
    ['--kubeconfig', path.join(sandboxDir, 'kubeconfig'), ...args],
    { input, encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** Removes what a test added: its namespace (in the background) and its nodes. */
export function removeTestObjects(namespace: string, nodeSelector: string) {
  kubectl([
    'delete',
    'namespace',
    namespace,
    '--wait=false',
    '--ignore-not-found',
  ]);
  kubectl(['delete', 'node', '-l', nodeSelector, '--ignore-not-found']);
}

/**
 * scripts/ekyc-infra against the sandbox, as a platform member runs it; `env` overrides
 * its settings (another Pulumi backend); throws with its stderr.
 */
export function ekycInfra(
  args: string[],
  env: Record<string, string> = {},
): string {
  const result = spawnSync(
    path.resolve(import.meta.dirname, '../scripts/ekyc-infra'),
    args,
    {
      encoding: 'utf8',
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, ...env },
    },
  );
  if (result.status !== 0) {
    throw new Error(`ekyc-infra ${args.join(' ')}: ${result.stderr}`);
  }
  return result.stdout;
}

/**
 * Destroys an environment on the sandbox, so that a test may create it anew: the
 * "New ..." templates refuse an id whose environment exists.
 */
export function destroyEnvironment(specFile: string): void {
  ekycInfra(['destroy', specFile, '--yes']);
}
