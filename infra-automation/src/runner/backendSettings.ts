import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InfraError } from '@internal/ekyc-domain';

/** Reads settings the way Backstage's Config does, so this package needs no Backstage. */
export interface SettingsReader {
  getString(key: string): string;
  getOptionalString(key: string): string | undefined;
}

/** Where the environments' stacks live and how their secrets are encrypted. */
export interface PulumiBackendSettings {
  backendUrl: string;
  passphrase: string;
  secretsProvider?: string;
}

/**
 * Reads `backendUrl`, `passphrase` or `passphraseFile`, and `secretsProvider` from
 * the settings at `prefix` (for messages); throws naming the missing or bad key.
 */
export function pulumiBackendSettings(
  settings: SettingsReader,
  prefix: string,
): PulumiBackendSettings {
  const passphraseFile = settings.getOptionalString('passphraseFile');
  let passphrase = settings.getOptionalString('passphrase');
  if (passphrase === undefined && passphraseFile !== undefined) {
    try {
      passphrase = fs.readFileSync(passphraseFile, 'utf8');
    } catch (error) {
      throw new Error(
        `${prefix}.passphraseFile names ${passphraseFile}, which cannot be read (${
          (error as Error).message
        })`,
      );
    }
  }
  if (!passphrase?.trim()) {
    throw new Error(
      `${prefix} needs passphrase or passphraseFile: the stacks encrypt their secrets with it`,
    );
  }
  return {
    backendUrl: settings.getString('backendUrl'),
    passphrase: passphrase.trim(),
    secretsProvider: settings.getOptionalString('secretsProvider'),
  };
}

/**
 * Where the stacks' settings files live: the given directory, or `workspaces/` inside
 * a `file://` backend's directory; other backends must name one that persists.
 */
export function stackWorkDir(backendUrl: string, workDir?: string): string {
  if (workDir) return workDir;
  if (backendUrl.startsWith('file:///')) {
    return path.join(fileURLToPath(backendUrl), 'workspaces');
  }
  throw new InfraError(
    'validation',
    `the runner needs a workDir for the stack settings when the backend is ${backendUrl}: configure one that persists between operations`,
  );
}
