import fs from 'node:fs';
import { z } from 'zod';
import { DatabaseStorage } from '../components/kubernetes';
import { parseDatabaseStorage } from '../settings';

/** What the CLI needs from its environment; validated before anything runs. */
export interface CliSettings {
  backendUrl: string;
  passphrase: string;
  secretsProvider?: string;
  kubeconfig?: string;
  storage: DatabaseStorage;
  /** Target aws: the Route 53 hosted zone of the API names. */
  awsDnsZone?: { id: string; name: string };
  /** A config file for the ekyc-guardrails policy pack. */
  policyConfig?: string;
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
  EKYC_AWS_DNS_ZONE: z
    .string()
    .regex(
      /^Z[A-Z0-9]{1,31}:[a-z0-9.-]+\.[a-z]{2,}$/,
      'EKYC_AWS_DNS_ZONE must be "<Route 53 zone id>:<domain>", e.g. Z0123456789ABCDEFGHIJ:ekyc.example.com',
    )
    .optional(),
  EKYC_POLICY_CONFIG: z.string().optional(),
});

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
  const [zoneId, zoneName] = settings.EKYC_AWS_DNS_ZONE?.split(':') ?? [];
  if (
    settings.EKYC_POLICY_CONFIG &&
    !fs.existsSync(settings.EKYC_POLICY_CONFIG)
  ) {
    throw new SettingsError(
      `EKYC_POLICY_CONFIG names ${settings.EKYC_POLICY_CONFIG}, which does not exist: point it at the policy pack's JSON config, or unset it for the defaults`,
    );
  }
  return {
    awsDnsZone: zoneId ? { id: zoneId, name: zoneName } : undefined,
    policyConfig: settings.EKYC_POLICY_CONFIG,
    backendUrl: settings.EKYC_PULUMI_BACKEND,
    passphrase: settings.PULUMI_CONFIG_PASSPHRASE,
    secretsProvider: settings.EKYC_SECRETS_PROVIDER,
    kubeconfig,
    storage: parseDatabaseStorage(settings.EKYC_DATABASE_STORAGE),
  };
}
