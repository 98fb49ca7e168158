import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InfraError } from '../errors';
import { EnvironmentSpec, environmentSpecSchema } from './environmentSpec';

/** One problem with a spec: the field (dotted path), the value found, and what to do. */
export interface SpecIssue {
  field: string;
  message: string;
  /** What the field held; absent when the field was missing. */
  value?: unknown;
}

/**
 * A spec that cannot be applied. Its kind is `residency` when every problem is a data
 * residency violation (the layout is well-formed but breaks a country's rule), and
 * `validation` otherwise. Nothing has been created when this is thrown.
 */
export class SpecValidationError extends InfraError {
  readonly name = 'SpecValidationError';
  declare readonly kind: 'validation' | 'residency';

  constructor(
    kind: 'validation' | 'residency',
    readonly issues: SpecIssue[],
    source?: string,
    what = 'environment spec',
  ) {
    super(
      kind,
      `${source ? `${source}: ` : ''}the ${what} is not valid:\n${issues
        .map(issue => `  - ${describeIssue(issue)}`)
        .join('\n')}`,
    );
  }
}

/** "field: message (is "value")", for a person. */
export function describeIssue(issue: SpecIssue): string {
  const found =
    issue.value === undefined ? '' : ` (is ${JSON.stringify(issue.value)})`;
  return `${issue.field || '(spec)'}: ${issue.message}${found}`;
}

const typeNames: Record<string, string> = {
  string: 'a text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of fields',
};

/**
 * Messages for the refusals the schema leaves to zod, each saying what is allowed; the
 * schema's own messages (patterns, refinements, residency) come first.
 */
const explain: z.core.$ZodErrorMap = issue => {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = typeNames[issue.expected] ?? issue.expected;
      return issue.input === undefined
        ? `is required: set it to ${expected}`
        : `must be ${expected}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values
        .map(value => JSON.stringify(value))
        .join(', ')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `must list at least ${issue.minimum}`
        : `must be at least ${issue.minimum}: raise it`;
    case 'too_big':
      return issue.origin === 'array'
        ? `must list at most ${issue.maximum}`
        : `must be at most ${issue.maximum}: lower it`;
    case 'unrecognized_keys':
      return `has no field ${issue.keys
        .map(key => JSON.stringify(key))
        .join(', ')}: remove it, or correct its spelling`;
    default:
      return undefined;
  }
};

function toIssues(error: z.ZodError): {
  issues: SpecIssue[];
  residency: boolean;
} {
  const issues = error.issues.map(issue => ({
    field: issue.path.map(String).join('.'),
    message: issue.message,
    // Objects are shown by their field, not whole: only scalars are echoed back.
    value:
      issue.input !== null && typeof issue.input === 'object'
        ? undefined
        : issue.input,
  }));
  const residency = error.issues.every(
    issue => issue.code === 'custom' && issue.params?.residency === true,
  );
  return { issues, residency };
}

/**
 * Parses input with a schema whose residency refusals carry `params.residency`;
 * throws SpecValidationError naming each field, its value and the fix.
 */
export function parseWithSchema<T extends z.ZodType>(
  schema: T,
  input: unknown,
  source?: string,
  what?: string,
): z.output<T> {
  const result = schema.safeParse(input, { error: explain, reportInput: true });
  if (result.success) return result.data;
  const { issues, residency } = toIssues(result.error);
  throw new SpecValidationError(
    residency ? 'residency' : 'validation',
    issues,
    source,
    what,
  );
}

/** Validates a spec, residency rules included; throws SpecValidationError. */
export function parseEnvironmentSpec(
  input: unknown,
  source?: string,
): EnvironmentSpec {
  return parseWithSchema(environmentSpecSchema, input, source);
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
