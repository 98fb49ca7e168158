import { z } from 'zod';

/**
 * The settings both the CLI (environment variables) and the portal (ekyc.environments)
 * take, with what each must look like; `name` prefixes the message where the caller's
 * own report does not name the setting.
 */
const formats = {
  backendUrl: {
    pattern: /^(file|postgres|s3|gs|azblob|https):\/\//,
    must: 'must be a Pulumi backend URL: file://, postgres:// (a PostgreSQL database), s3://, gs://, azblob:// or https:// (Pulumi Cloud)',
  },
  secretsProvider: {
    pattern: /^(awskms|azurekeyvault|gcpkms|hashivault):\/\//,
    must: 'must be a Pulumi KMS secrets provider URL such as awskms://alias/ekyc-pulumi',
  },
  databaseStorage: {
    pattern: /^(local-volume:\/.+|storage-class:[a-z0-9][a-z0-9.-]*)$/,
    must: 'must be "storage-class:<name>" or "local-volume:<absolute directory on the nodes>"',
  },
  dnsZone: {
    pattern: /^Z[A-Z0-9]{1,31}:[a-z0-9.-]+\.[a-z]{2,}$/,
    must: 'must be "<Route 53 zone id>:<domain>", e.g. Z0123456789ABCDEFGHIJ:ekyc.example.com',
  },
};

export function settingSchema(format: keyof typeof formats, name?: string) {
  const { pattern, must } = formats[format];
  return z.string().regex(pattern, name ? `${name} ${must}` : must);
}

/** A zone setting, "<zone id>:<domain>", as the programs take it. */
export function dnsZoneOf(value: string | undefined) {
  const [id, name] = value?.split(':') ?? [];
  return id ? { id, name } : undefined;
}
