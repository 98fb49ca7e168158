import path from 'node:path';
import { automation } from '@pulumi/pulumi';
import { ownerMark, ownerVariable } from './runnerProcesses';

/**
 * The Pulumi CLI to drive: the toolchain's build when EKYC_TOOLCHAIN_BIN is set (the
 * repo's scripts set it), otherwise `pulumi` on PATH. Never downloads one.
 */
export async function findPulumiCommand(
  env: NodeJS.ProcessEnv = process.env,
): Promise<automation.PulumiCommand> {
  const toolchainBin = env.EKYC_TOOLCHAIN_BIN;
  return automation.PulumiCommand.get(
    toolchainBin ? { root: path.dirname(toolchainBin) } : {},
  );
}

/**
 * Environment for every Pulumi process: no downloads, no update checks, and the mark
 * of the process that started it, by which it is ended if that process dies.
 */
export function pulumiEnv(
  passphrase: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  return {
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    // Providers come from the plugin cache the toolchain installs into, not from
    // binaries that happen to be on PATH (the toolchain's bin directory is).
    PULUMI_IGNORE_AMBIENT_PLUGINS: 'true',
    ...(env.PULUMI_HOME ? { PULUMI_HOME: env.PULUMI_HOME } : {}),
    [ownerVariable]: ownerMark(),
  };
}
