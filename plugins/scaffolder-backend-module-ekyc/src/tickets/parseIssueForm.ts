import { Schema, validate, ValidationError } from 'jsonschema';
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

/**
 * One answer as the template's value, by the field's type: a list split per line or
 * comma (a list of objects with one choice each, such as database replicas, as those
 * objects), a number when it reads as one. Whether it is allowed is the schema's call.
 */
function valueOf(field: TemplateField, raw: string): unknown {
  const { property } = field;
  if (property.type === 'array') {
    const items = split(raw);
    const objectField = Object.entries(property.items?.properties ?? {}).find(
      ([, p]) => p.enum,
    );
    if (!objectField) return items;
    const constants = Object.fromEntries(
      Object.entries(property.items?.properties ?? {})
        .filter(
          ([, p]) => p['ui:widget'] === 'hidden' && p.default !== undefined,
        )
        .map(([key, p]) => [key, p.default]),
    );
    return items.map(item => ({ ...constants, [objectField[0]]: item }));
  }
  if (property.type === 'integer' || property.type === 'number') {
    const value = Number(raw);
    return raw !== '' && Number.isFinite(value) ? value : raw;
  }
  if (property.type === 'boolean' && /^(true|false)$/.test(raw)) {
    return raw === 'true';
  }
  return raw;
}

/** A refusal of jsonschema's, for the person who filed the ticket. */
function explain(error: ValidationError): string {
  const value = error.instance;
  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  const bare = typeof value === 'string' ? value : String(value);
  const items = /\[\d+\]/.test(error.property);
  const schema = error.schema as Schema;
  switch (error.name) {
    case 'required':
      return 'is required: fill it in';
    case 'enum':
      return `${items ? bare : shown} is not among ${(schema.enum ?? []).join(
        ', ',
      )}`;
    case 'pattern':
      return `${items ? bare : shown} does not match ${error.argument}`;
    case 'minimum':
    case 'maximum':
      return `${value} is outside ${schema.minimum ?? '-∞'}..${
        schema.maximum ?? '∞'
      }`;
    case 'minItems':
      return `give at least ${error.argument}`;
    case 'type':
      return `${shown} is not ${
        error.argument?.[0] === 'integer' ? 'a whole number' : error.argument
      }`;
    default:
      return `${shown} ${error.message}`;
  }
}

/** The parameter an error is about: `instance.site`, `instance.onPremCidrs[0]`. */
function fieldOf(error: ValidationError): string | undefined {
  if (error.name === 'required') return String(error.argument);
  return /^instance\.(\w+)/.exec(error.property)?.[1];
}

/**
 * Reads answers given as text, by field id, into the template's values (defaults for
 * empty optional fields), then checks them against the template's own parameter
 * schema, page by page, with jsonschema as the scaffolder does; names each problem by
 * its label and field, once per field.
 */
export function parseAnswers(
  answers: ReadonlyMap<string, string>,
  template: TicketTemplate,
): ParsedIssueForm {
  const values: Record<string, unknown> = {};
  const fields = templateFields(template);
  for (const field of fields) {
    const raw = answers.get(field.id)?.trim();
    if (raw === undefined || raw === '' || raw === noResponse) {
      if (field.property.default !== undefined)
        values[field.id] = field.property.default;
      continue;
    }
    values[field.id] = valueOf(field, raw);
  }
  const found = new Map<string, string>();
  for (const page of template.spec.parameters) {
    for (const error of validate(values, page as Schema).errors) {
      const id = fieldOf(error);
      if (id && !found.has(id)) found.set(id, explain(error));
    }
  }
  // Refusals of the form as a whole (dependencies, oneOf) are named as such.
  const ofTheForm = template.spec.parameters.flatMap(page =>
    validate(values, page as Schema)
      .errors.filter(error => !fieldOf(error))
      .map(error => ({
        field: error.property,
        label: 'The request',
        message: `${error.message}: correct it`,
      })),
  );
  const problems = fields.flatMap(field => {
    const message = found.get(field.id);
    if (!message) return [];
    return [
      {
        field: field.id,
        label: field.label,
        message: message.endsWith('fill it in')
          ? message
          : `${message}: correct it`,
      },
    ];
  });
  return { values, problems: [...problems, ...ofTheForm] };
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
