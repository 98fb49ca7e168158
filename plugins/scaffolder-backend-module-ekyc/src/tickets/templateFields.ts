import { z } from 'zod';

/** The part of a template parameter's JSON Schema that a ticket can fill in. */
export interface TemplateProperty {
  title?: string;
  description?: string;
  type?: string;
  enum?: Array<string | number>;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  minItems?: number;
  items?: TemplateProperty & { properties?: Record<string, TemplateProperty> };
  'ui:field'?: string;
  'ui:widget'?: string;
}

const propertySchema: z.ZodType<TemplateProperty> = z.lazy(() =>
  z
    .object({
      title: z.string().optional(),
      description: z.string().optional(),
      type: z.string().optional(),
      enum: z.array(z.union([z.string(), z.number()])).optional(),
      pattern: z.string().optional(),
      minimum: z.number().optional(),
      maximum: z.number().optional(),
      default: z.unknown().optional(),
      minItems: z.number().optional(),
      items: propertySchema
        .and(
          z.object({
            properties: z.record(z.string(), propertySchema).optional(),
          }),
        )
        .optional(),
      'ui:field': z.string().optional(),
      'ui:widget': z.string().optional(),
    })
    .loose(),
);

// Loose: the whole entity is kept, for the scaffolder's dry run of it.
const templateSchema = z.looseObject({
  metadata: z.looseObject({
    name: z.string(),
    title: z.string(),
    description: z.string().optional(),
  }),
  spec: z.looseObject({
    /** The group that owns the template: its members approve tickets for it. */
    owner: z.string(),
    /** Kept for the spec the template builds (see ticketPreview). */
    steps: z.array(z.unknown()).default([]),
    parameters: z.array(
      z.looseObject({
        title: z.string(),
        required: z.array(z.string()).default([]),
        properties: z.record(z.string(), propertySchema),
      }),
    ),
  }),
});

export type TicketTemplate = z.infer<typeof templateSchema>;

/** One field a ticket carries: a template parameter, in the form's order. */
export interface TemplateField {
  id: string;
  label: string;
  description?: string;
  required: boolean;
  property: TemplateProperty;
}

/** Parameters a ticket does not set: where the entity goes is the bridge's decision. */
const notFromTickets = new Set(['publish', 'repoUrl']);

export function parseTicketTemplate(document: unknown): TicketTemplate {
  return templateSchema.parse(document);
}

/** Every parameter of the template a ticket fills in, step by step. */
export function templateFields(template: TicketTemplate): TemplateField[] {
  return template.spec.parameters.flatMap(step =>
    Object.entries(step.properties)
      .filter(
        ([id, property]) =>
          !notFromTickets.has(id) && property['ui:widget'] !== 'hidden',
      )
      .map(([id, property]) => ({
        id,
        label: property.title ?? id,
        description: property.description,
        required: step.required.includes(id),
        property,
      })),
  );
}

/** The values a list field may take: its own enum, or an object list's one enum field. */
export function listOptions(
  property: TemplateProperty,
): Array<string | number> | undefined {
  if (property.items?.enum) return property.items.enum;
  const objectFields = Object.values(property.items?.properties ?? {}).filter(
    field => field.enum && field['ui:widget'] !== 'hidden',
  );
  return objectFields.length === 1 ? objectFields[0].enum : undefined;
}
