import fs from 'node:fs';
import { z } from 'zod';
import type { DatabaseStorage } from '../components/kubernetes/localDatabase';
import { parseDatabaseStorage } from './databaseStorage';
import { dnsZoneOf, settingSchema } from './settingFormats';

/** Where the environments' stacks live and how their secrets are encrypted. */
export interface PulumiBackendSettings {
  backendUrl: string;
  passphrase: string;
  secretsProvider?: string;
}

/** `ekyc.environments`, checked and with the files it names read (see config.d.ts). */
export interface EnvironmentsSettings {
  pulumi: PulumiBackendSettings & {
    planDir?: string;
    maxConcurrentOperations?: number;
    policyConfigFile?: string;
  };
  localCatalogDir?: string;
  kubernetes: {
    /** The kubeconfig's contents, when a file is named. */
    kubeconfig?: string;
    storage: DatabaseStorage;
    clusterName?: string;
  };
  aws: { dnsZone?: { id: string; name: string } };
}

/** How Backstage's Config (or anything like it) is read here. */
export interface ConfigSource {
  getOptional(key: string): unknown;
}

const key = 'ekyc.environments';

const environmentsConfig = z.object({
  pulumi: z.object(
    {
      backendUrl: settingSchema('backendUrl'),
      passphrase: z.string().optional(),
      passphraseFile: z.string().optional(),
      secretsProvider: settingSchema('secretsProvider').optional(),
      planDir: z.string().optional(),
      policyConfigFile: z.string().optional(),
      maxConcurrentOperations: z
        .int('must be a whole number, e.g. 2')
        .min(1, 'must be at least 1')
        .optional(),
    },
    { error: 'is required: set backendUrl and a passphrase' },
  ),
  localCatalogDir: z.string().optional(),
  kubernetes: z
    .object({
      kubeconfigFile: z.string().optional(),
      storage: settingSchema('databaseStorage').default(
        'storage-class:standard',
      ),
      clusterName: z.string().optional(),
    })
    .default({ storage: 'storage-class:standard' }),
  aws: z
    .object({
      dnsZone: settingSchema('dnsZone').optional(),
    })
    .default({}),
});

function readSettingFile(field: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `${key}.${field} names ${file}, which cannot be read (${
        (error as Error).message
      })`,
    );
  }
}

/**
 * Reads and checks `ekyc.environments` once, at start-up; undefined when it is not
 * configured (a portal that applies no environments). Throws naming the key and the fix.
 */
export function readEnvironmentsSettings(
  config: ConfigSource,
): EnvironmentsSettings | undefined {
  const raw = config.getOptional(key);
  if (raw === undefined) return undefined;
  const parsed = environmentsConfig.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `${key} is not valid: ${parsed.error.issues
        .map(issue => `${[key, ...issue.path].join('.')} ${issue.message}`)
        .join('; ')}`,
    );
  }
  const { pulumi, kubernetes, aws, localCatalogDir } = parsed.data;
  const passphrase =
    pulumi.passphrase ??
    (pulumi.passphraseFile !== undefined
      ? readSettingFile('pulumi.passphraseFile', pulumi.passphraseFile)
      : undefined);
  if (!passphrase?.trim()) {
    throw new Error(
      `${key}.pulumi needs passphrase or passphraseFile: the stacks encrypt their secrets with it`,
    );
  }
  return {
    pulumi: {
      backendUrl: pulumi.backendUrl,
      passphrase: passphrase.trim(),
      secretsProvider: pulumi.secretsProvider,
      planDir: pulumi.planDir,
      policyConfigFile: pulumi.policyConfigFile,
      maxConcurrentOperations: pulumi.maxConcurrentOperations,
    },
    localCatalogDir,
    kubernetes: {
      kubeconfig:
        kubernetes.kubeconfigFile !== undefined
          ? readSettingFile(
              'kubernetes.kubeconfigFile',
              kubernetes.kubeconfigFile,
            )
          : undefined,
      storage: parseDatabaseStorage(kubernetes.storage),
      clusterName: kubernetes.clusterName,
    },
    aws: { dnsZone: dnsZoneOf(aws.dnsZone) },
  };
}
