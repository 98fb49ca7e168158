import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { automation } from '@pulumi/pulumi';

/**
 * A directory for one operation's workspace: the stack's settings are written into it
 * from the spec and the state, and it is removed when the operation ends, so that no
 * replica keeps anything between operations.
 */
export async function operationDir(stackName: string): Promise<{
  dir: string;
  remove: () => Promise<void>;
}> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `ekyc-op-${stackName}-`));
  return {
    dir,
    remove: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

interface SecretsProviderState {
  type?: string;
  state?: { salt?: string; url?: string; encryptedkey?: string };
}

/**
 * Writes the stack's secrets settings as its state records them: a fresh workspace
 * would otherwise make a new passphrase salt (or data key), and secret config it writes
 * (a saved plan's) could not be read in the next operation's workspace.
 */
export async function adoptSecretsSettings(
  stack: automation.Stack,
  state: automation.Deployment,
): Promise<void> {
  const provider = state.deployment?.secrets_providers as
    | SecretsProviderState
    | undefined;
  const settings = await stack.workspace
    .stackSettings(stack.name)
    .catch(() => ({} as automation.StackSettings));
  if (provider?.type === 'passphrase' && provider.state?.salt) {
    settings.encryptionSalt = provider.state.salt;
  } else if (provider?.type === 'cloud' && provider.state?.url) {
    settings.secretsProvider = provider.state.url;
    settings.encryptedKey = provider.state.encryptedkey;
  } else {
    // The service's own secrets (Pulumi Cloud) need no settings.
    return;
  }
  await stack.workspace.saveStackSettings(stack.name, settings);
}
