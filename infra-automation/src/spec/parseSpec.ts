import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { EnvironmentSpec, environmentSpecSchema } from './environmentSpec';

/** One problem with a spec: the field (dotted path) and what is wrong with it. */
export interface SpecIssue {
  field: string;
  message: string;
}

/**
 * A spec that cannot be applied. `kind` is `residency` when every problem is a data
 * residency violation (the layout is well-formed but breaks a country's rule), and
 * `validation` otherwise. Nothing has been created when this is thrown.
 */
export class SpecValidationError extends Error {
  readonly name = 'SpecValidationError';
  constructor(
    readonly kind: 'validation' | 'residency',
    readonly issues: SpecIssue[],
    source?: string,
  ) {
    super(
      `${
        source ? `${source}: ` : ''
      }the environment spec is not valid:\n${issues
        .map(issue => `  - ${issue.field || '(spec)'}: ${issue.message}`)
        .join('\n')}`,
    );
  }
}

function toIssues(error: z.ZodError): {
  issues: SpecIssue[];
  residency: boolean;
} {
  const issues = error.issues.map(issue => ({
    field: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const residency = error.issues.every(
    issue => issue.code === 'custom' && issue.params?.residency === true,
  );
  return { issues, residency };
}

/** Validates a spec, residency rules included; throws SpecValidationError. */
export function parseEnvironmentSpec(
  input: unknown,
  source?: string,
): EnvironmentSpec {
  const result = environmentSpecSchema.safeParse(input);
  if (result.success) return result.data;
  const { issues, residency } = toIssues(result.error);
  throw new SpecValidationError(
    residency ? 'residency' : 'validation',
    issues,
    source,
  );
}

/**
 * Reads a spec from YAML text (a spec file), then validates it with `overrides` put
 * over its top-level fields (e.g. the target chosen on the command line).
 */
export function parseEnvironmentSpecYaml(
  text: string,
  source?: string,
  overrides: Record<string, unknown> = {},
): EnvironmentSpec {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new SpecValidationError(
      'validation',
      [
        {
          field: '',
          message: `is not valid YAML: ${(error as Error).message}`,
        },
      ],
      source,
    );
  }
  return parseEnvironmentSpec(
    document && typeof document === 'object' && !Array.isArray(document)
      ? { ...document, ...overrides }
      : document,
    source,
  );
}
