import { optionsOf } from './issueForm';
import {
  TemplateField,
  templateFields,
  TicketTemplate,
} from './templateFields';

/** A field of a filed form that the template would refuse, and what to write instead. */
export interface FieldProblem {
  field: string;
  label: string;
  message: string;
}

export interface ParsedIssueForm {
  values: Record<string, unknown>;
  problems: FieldProblem[];
}

/** GitHub renders an issue form as `### <label>` sections; an empty answer as this. */
const noResponse = '_No response_';

function sectionsOf(body: string): Map<string, string> {
  const sections = new Map<string, string>();
  const parts = body.replace(/\r\n/g, '\n').split(/^### +(.+)$/m);
  for (let i = 1; i < parts.length; i += 2) {
    sections.set(parts[i].trim(), parts[i + 1].trim());
  }
  return sections;
}

function split(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map(item => item.trim())
    .filter(Boolean);
}

/** One answer as the template's value, or why it cannot be one. */
function valueOf(
  field: TemplateField,
  raw: string,
): { value: unknown } | { problem: string } {
  const { property } = field;
  const options = optionsOf(field);
  if (property.type === 'array') {
    const items = split(raw);
    const unknown = options
      ? items.filter(item => !options.includes(item))
      : [];
    if (unknown.length) {
      return {
        problem: `${unknown.join(', ')} ${
          unknown.length > 1 ? 'are' : 'is'
        } not among ${options!.join(', ')}`,
      };
    }
    const pattern = property.items?.pattern;
    const malformed = pattern
      ? items.filter(item => !new RegExp(pattern).test(item))
      : [];
    if (malformed.length) {
      return { problem: `${malformed.join(', ')} does not match ${pattern}` };
    }
    if (property.minItems && items.length < property.minItems) {
      return { problem: `give at least ${property.minItems}` };
    }
    // A list of objects with one choice each, such as database replicas.
    const objectField = Object.entries(property.items?.properties ?? {}).find(
      ([, p]) => p.enum,
    );
    if (objectField) {
      const constants = Object.fromEntries(
        Object.entries(property.items?.properties ?? {})
          .filter(
            ([, p]) => p['ui:widget'] === 'hidden' && p.default !== undefined,
          )
          .map(([key, p]) => [key, p.default]),
      );
      return {
        value: items.map(item => ({ ...constants, [objectField[0]]: item })),
      };
    }
    return { value: items };
  }
  if (options && !options.includes(raw)) {
    return { problem: `"${raw}" is not among ${options.join(', ')}` };
  }
  if (property.type === 'integer' || property.type === 'number') {
    const value = Number(raw);
    if (
      !Number.isFinite(value) ||
      (property.type === 'integer' && !Number.isInteger(value))
    ) {
      return {
        problem: `"${raw}" is not ${
          property.type === 'integer' ? 'a whole number' : 'a number'
        }`,
      };
    }
    if (
      (property.minimum !== undefined && value < property.minimum) ||
      (property.maximum !== undefined && value > property.maximum)
    ) {
      return {
        problem: `${value} is outside ${property.minimum ?? '-∞'}..${
          property.maximum ?? '∞'
        }`,
      };
    }
    return { value };
  }
  if (property.pattern && !new RegExp(property.pattern).test(raw)) {
    return { problem: `"${raw}" does not match ${property.pattern}` };
  }
  return { value: raw };
}

/**
 * Checks answers given as text, by field id, against the template's own schema
 * (required, choices, patterns, ranges), fills in defaults for empty optional fields,
 * and names each problem by its label and field.
 */
export function parseAnswers(
  answers: ReadonlyMap<string, string>,
  template: TicketTemplate,
): ParsedIssueForm {
  const values: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const field of templateFields(template)) {
    const raw = answers.get(field.id)?.trim();
    const problem = (message: string) =>
      problems.push({ field: field.id, label: field.label, message });
    if (raw === undefined || raw === '' || raw === noResponse) {
      if (field.property.default !== undefined)
        values[field.id] = field.property.default;
      else if (field.required) problem('is required: fill it in');
      continue;
    }
    const result = valueOf(field, raw);
    if ('problem' in result) problem(`${result.problem}: correct it`);
    else values[field.id] = result.value;
  }
  return { values, problems };
}

/** Reads a filed issue form (its `### label` sections) back into the template's values. */
export function parseIssueForm(
  body: string,
  template: TicketTemplate,
): ParsedIssueForm {
  const sections = sectionsOf(body);
  return parseAnswers(
    new Map(
      templateFields(template).flatMap(field => {
        const raw = sections.get(field.label);
        return raw === undefined ? [] : [[field.id, raw] as const];
      }),
    ),
    template,
  );
}
