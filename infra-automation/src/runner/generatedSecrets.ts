import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import * as pulumi from '@pulumi/pulumi';
import { automation } from '@pulumi/pulumi';

/** The resource type that holds a stack's generated secrets in its state. */
export const generatedSecretsType = 'ekyc:runner:GeneratedSecrets';

/**
 * Holds the stack's generated secrets (the database password) as secret outputs, so
 * that they live in the state, encrypted, whatever replica runs the next operation. It
 * is registered before the program's own resources, so that an update that fails later
 * keeps them too.
 */
class GeneratedSecrets extends pulumi.ComponentResource {
  constructor(values: Record<string, pulumi.Output<string>>) {
    super(generatedSecretsType, 'generated-secrets', {}, {});
    this.registerOutputs(values);
  }
}

/** The program, preceded by the holder of the secrets it reads from config. */
export function withGeneratedSecrets(
  program: automation.PulumiFn,
  keys: string[],
): automation.PulumiFn {
  return async () => {
    // eslint-disable-next-line no-new -- a Pulumi resource registers itself when built
    new GeneratedSecrets(
      Object.fromEntries(
        keys.map(key => {
          const [namespace, name] = key.split(':');
          return [key, new pulumi.Config(namespace).requireSecret(name)];
        }),
      ),
    );
    return program();
  };
}

interface ExportedResource {
  type?: string;
  outputs?: Record<string, unknown>;
}

/** A secret as `stack export --show-secrets` writes it: its plaintext, JSON-encoded. */
function plaintextOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'plaintext' in value) {
    const plaintext = JSON.parse(String(value.plaintext));
    return typeof plaintext === 'string' ? plaintext : undefined;
  }
  return typeof value === 'string' ? value : undefined;
}

/**
 * The generated secrets the stack's state holds: the backend is the one place they are
 * kept (encrypted), never a settings file on a replica's disk.
 */
export function heldSecrets(
  state: automation.Deployment,
  keys: string[],
): Record<string, string> {
  const holder = (
    (state.deployment?.resources ?? []) as ExportedResource[]
  ).find(resource => resource.type === generatedSecretsType);
  return Object.fromEntries(
    keys.flatMap(key => {
      const value = plaintextOf(holder?.outputs?.[key]);
      return value === undefined ? [] : [[key, value]];
    }),
  );
}

/**
 * The secret config a saved plan was made with, as ciphertext: the up that applies it
 * must run with the same values, and a new stack has none in its state yet.
 */
export async function planSecureConfig(
  planFile: string,
  keys: string[],
): Promise<Record<string, { secure: string }>> {
  const plan = JSON.parse(await fs.readFile(planFile, 'utf8')) as {
    config?: Record<string, unknown>;
  };
  return Object.fromEntries(
    keys.flatMap(key => {
      const value = plan.config?.[key];
      return value && typeof value === 'object' && 'secure' in value
        ? [[key, { secure: String(value.secure) }]]
        : [];
    }),
  );
}

/** A new secret value, for a key the stack does not hold yet. */
export const newSecretValue = () => randomBytes(24).toString('base64url');
