import fs from 'node:fs';
import { z } from 'zod';
import { DatabaseStorage } from '../components/kubernetes';

/** What the CLI needs from its environment; validated before anything runs. */
export interface CliSettings {
  backendUrl: string;
  passphrase: string;
  secretsProvider?: string;
  kubeconfig?: string;
  storage: DatabaseStorage;
}

const envSchema = z.object({
  EKYC_PULUMI_BACKEND: z
    .string({
      error:
        'EKYC_PULUMI_BACKEND is not set: set it to the Pulumi backend of the environments, e.g. file:///var/lib/ekyc/pulumi or s3://bucket/prefix',
    })
    .regex(
      /^(file|s3|gs|azblob|https):\/\//,
      'EKYC_PULUMI_BACKEND must be a Pulumi backend URL: file://, s3://, gs://, azblob:// or https:// (Pulumi Cloud)',
    ),
  PULUMI_CONFIG_PASSPHRASE: z
    .string({
      error:
        'PULUMI_CONFIG_PASSPHRASE is not set: the stacks encrypt their secrets with it; set it (from your secret store) and run again',
    })
    .min(8, 'PULUMI_CONFIG_PASSPHRASE must have at least 8 characters'),
  EKYC_SECRETS_PROVIDER: z
    .string()
    .regex(
      /^(awskms|azurekeyvault|gcpkms|hashivault):\/\//,
      'EKYC_SECRETS_PROVIDER must be a Pulumi KMS secrets provider URL such as awskms://alias/ekyc-pulumi',
    )
    .optional(),
  EKYC_KUBECONFIG: z.string().optional(),
  EKYC_DATABASE_STORAGE: z
    .string()
    .regex(
      /^(local-volume:\/.+|storage-class:[a-z0-9][a-z0-9.-]*)$/,
      'EKYC_DATABASE_STORAGE must be "storage-class:<name>" or "local-volume:<absolute directory on the nodes>"',
    )
    .default('storage-class:standard'),
});

function storageFrom(value: string): DatabaseStorage {
  const [kind, ...rest] = value.split(':');
  const detail = rest.join(':');
  return kind === 'local-volume'
    ? { localVolume: { directory: detail } }
    : { storageClassName: detail };
}

/** A missing or bad environment variable; the message says which and how to fix it. */
export class SettingsError extends Error {}

/** Reads the settings, or throws a SettingsError naming each missing or bad variable. */
export function readSettings(env: NodeJS.ProcessEnv): CliSettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new SettingsError(
      parsed.error.issues.map(issue => issue.message).join('\n'),
    );
  }
  const settings = parsed.data;
  let kubeconfig: string | undefined;
  if (settings.EKYC_KUBECONFIG) {
    try {
      kubeconfig = fs.readFileSync(settings.EKYC_KUBECONFIG, 'utf8');
    } catch (error) {
      throw new SettingsError(
        `EKYC_KUBECONFIG names ${
          settings.EKYC_KUBECONFIG
        }, which cannot be read (${
          (error as Error).message
        }): point it at the kubeconfig of the target cluster`,
      );
    }
  }
  return {
    backendUrl: settings.EKYC_PULUMI_BACKEND,
    passphrase: settings.PULUMI_CONFIG_PASSPHRASE,
    secretsProvider: settings.EKYC_SECRETS_PROVIDER,
    kubeconfig,
    storage: storageFrom(settings.EKYC_DATABASE_STORAGE),
  };
}
