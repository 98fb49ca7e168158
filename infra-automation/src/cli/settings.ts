import fs from 'node:fs';
import { z } from 'zod';
import { DatabaseStorage } from '../components/kubernetes';
import { parseDatabaseStorage } from '../settings';
import { dnsZoneOf, settingSchema } from '../settings/settingFormats';

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
    .pipe(settingSchema('backendUrl', 'EKYC_PULUMI_BACKEND')),
  PULUMI_CONFIG_PASSPHRASE: z
    .string({
      error:
        'PULUMI_CONFIG_PASSPHRASE is not set: the stacks encrypt their secrets with it; set it (from your secret store) and run again',
    })
    .min(8, 'PULUMI_CONFIG_PASSPHRASE must have at least 8 characters'),
  EKYC_SECRETS_PROVIDER: settingSchema(
    'secretsProvider',
    'EKYC_SECRETS_PROVIDER',
  ).optional(),
  EKYC_KUBECONFIG: z.string().optional(),
  EKYC_DATABASE_STORAGE: settingSchema(
    'databaseStorage',
    'EKYC_DATABASE_STORAGE',
  ).default('storage-class:standard'),
  EKYC_AWS_DNS_ZONE: settingSchema('dnsZone', 'EKYC_AWS_DNS_ZONE').optional(),
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
  if (
    settings.EKYC_POLICY_CONFIG &&
    !fs.existsSync(settings.EKYC_POLICY_CONFIG)
  ) {
    throw new SettingsError(
      `EKYC_POLICY_CONFIG names ${settings.EKYC_POLICY_CONFIG}, which does not exist: point it at the policy pack's JSON config, or unset it for the defaults`,
    );
  }
  return {
    awsDnsZone: dnsZoneOf(settings.EKYC_AWS_DNS_ZONE),
    policyConfig: settings.EKYC_POLICY_CONFIG,
    backendUrl: settings.EKYC_PULUMI_BACKEND,
    passphrase: settings.PULUMI_CONFIG_PASSPHRASE,
    secretsProvider: settings.EKYC_SECRETS_PROVIDER,
    kubeconfig,
    storage: parseDatabaseStorage(settings.EKYC_DATABASE_STORAGE),
  };
}
