import fs from 'node:fs';
import { z } from 'zod';
import type { ClusterApiAccess } from '../programs/aws/awsPreflight';
import { dnsZoneOf, settingSchema } from './settingFormats';

/** Where the environments' stacks live and how their secrets are encrypted. */
export interface PulumiBackendSettings {
  backendUrl: string;
  passphrase: string;
  secretsProvider?: string;
}

/** A backend of its own for some environments' stacks: their state stays there. */
export interface StateBackendSettings extends PulumiBackendSettings {
  environments: string[];
}

/** `ekyc.environments`, checked and with the files it names read (see config.d.ts). */
export interface EnvironmentsSettings {
  pulumi: PulumiBackendSettings & {
    planDir?: string;
    maxConcurrentOperations?: number;
    policyConfigFile?: string;
    /** Environments whose stacks live elsewhere than `backendUrl` (in-country state). */
    stateBackends: StateBackendSettings[];
  };
  localCatalogDir?: string;
  aws: {
    dnsZone?: { id: string; name: string };
    clusterApi: ClusterApiAccess;
    portalReaderRoleArn?: string;
  };
}

/** How Backstage's Config (or anything like it) is read here. */
export interface ConfigSource {
  getOptional(key: string): unknown;
}

const key = 'ekyc.environments';

const backendConfig = {
  backendUrl: settingSchema('backendUrl'),
  passphrase: z.string().optional(),
  passphraseFile: z.string().optional(),
  secretsProvider: settingSchema('secretsProvider').optional(),
};

const environmentsConfig = z.object({
  pulumi: z.object(
    {
      ...backendConfig,
      stateBackends: z
        .array(
          z.object({
            ...backendConfig,
            environments: z
              .array(z.string().regex(/^[a-z][a-z0-9-]{0,39}$/))
              .min(1, 'must name at least one environment id'),
          }),
        )
        .default([]),
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
  // Each cluster has its own credentials and storage now.
  kubernetes: z
    .never({
      error:
        'moved to ekyc.clusters: give each cluster its place, how the portal reads it, deployer.kubeconfigFile and databaseStorage',
    })
    .optional(),
  aws: z
    .object({
      dnsZone: settingSchema('dnsZone').optional(),
      clusterApi: z
        .discriminatedUnion('access', [
          z.object({ access: z.literal('private') }),
          z.object({
            access: z.literal('allowed-cidrs'),
            allowedCidrs: z
              .array(
                z
                  .cidrv4('must be an IPv4 CIDR such as "203.0.113.0/28"')
                  .refine(
                    cidr => Number(cidr.split('/')[1]) >= 8,
                    'must be no wider than /8: the endpoint would answer most of the internet',
                  ),
              )
              .min(1, "list the portal's egress addresses"),
          }),
        ])
        .default({ access: 'private' }),
      portalReaderRoleArn: z
        .string()
        .regex(
          /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/,
          'must be an IAM role ARN such as arn:aws:iam::123456789012:role/ekyc-portal-reader',
        )
        .optional(),
    })
    .default({ clusterApi: { access: 'private' } }),
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
  const { pulumi, aws, localCatalogDir } = parsed.data;
  const backendOf = (
    at: string,
    backend: z.infer<z.ZodObject<typeof backendConfig>>,
  ): PulumiBackendSettings => {
    const passphrase =
      backend.passphrase ??
      (backend.passphraseFile !== undefined
        ? readSettingFile(`${at}.passphraseFile`, backend.passphraseFile)
        : undefined);
    if (!passphrase?.trim()) {
      throw new Error(
        `${key}.${at} needs passphrase or passphraseFile: the stacks encrypt their secrets with it`,
      );
    }
    return {
      backendUrl: backend.backendUrl,
      passphrase: passphrase.trim(),
      secretsProvider: backend.secretsProvider,
    };
  };
  const claimedBy = new Map<string, number>();
  const stateBackends = pulumi.stateBackends.map((backend, index) => {
    for (const id of backend.environments) {
      if (claimedBy.has(id)) {
        throw new Error(
          `${key}.pulumi.stateBackends.${index}.environments names ${id}, which stateBackends.${claimedBy.get(
            id,
          )} names too: an environment's state lives in one backend`,
        );
      }
      claimedBy.set(id, index);
    }
    return {
      ...backendOf(`pulumi.stateBackends.${index}`, backend),
      environments: backend.environments,
    };
  });
  return {
    pulumi: {
      ...backendOf('pulumi', pulumi),
      stateBackends,
      planDir: pulumi.planDir,
      policyConfigFile: pulumi.policyConfigFile,
      maxConcurrentOperations: pulumi.maxConcurrentOperations,
    },
    localCatalogDir,
    aws: {
      dnsZone: dnsZoneOf(aws.dnsZone),
      clusterApi: aws.clusterApi,
      portalReaderRoleArn: aws.portalReaderRoleArn,
    },
  };
}

/** The backend that holds an environment's stack: its own where one names it. */
export function stateBackendOf(
  pulumi: EnvironmentsSettings['pulumi'],
  environmentId: string,
): PulumiBackendSettings {
  const own = pulumi.stateBackends.find(backend =>
    backend.environments.includes(environmentId),
  );
  const { backendUrl, passphrase, secretsProvider } = own ?? pulumi;
  return { backendUrl, passphrase, secretsProvider };
}
