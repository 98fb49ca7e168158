import { cloudRegionCountry, servedCountryCodes } from '@internal/ekyc-domain';
import {
  listOptions,
  TemplateField,
  templateFields,
  TicketTemplate,
} from './templateFields';

/** Choices of the residency-aware form fields, which have no enum of their own. */
const customFieldOptions: Record<string, readonly string[]> = {
  EkycCountryResidency: servedCountryCodes,
  EkycRegionResidency: Object.keys(cloudRegionCountry),
};

/** The options a field offers, or undefined for free text. */
export function optionsOf(field: TemplateField): string[] | undefined {
  const { property } = field;
  const options =
    property.enum ??
    (property.type === 'array' ? listOptions(property) : undefined) ??
    customFieldOptions[property['ui:field'] ?? ''];
  return options?.map(String);
}

function describe(field: TemplateField): string | undefined {
  const { property } = field;
  const notes = [
    field.description,
    property['ui:field'] === 'OwnerPicker'
      ? 'A group entity reference, e.g. group:default/ops-bd.'
      : undefined,
    property.type === 'array' && !optionsOf(field)
      ? 'One per line.'
      : undefined,
    property.minimum !== undefined && property.maximum !== undefined
      ? `From ${property.minimum} to ${property.maximum}.`
      : undefined,
    property.default !== undefined && !Array.isArray(property.default)
      ? `Default: ${property.default}.`
      : undefined,
  ].filter(Boolean);
  return notes.length ? notes.join(' ') : undefined;
}

/** A GitHub issue form body element for one template parameter. */
function elementOf(field: TemplateField) {
  const options = optionsOf(field);
  const attributes = {
    label: field.label,
    ...(describe(field) ? { description: describe(field) } : {}),
  };
  const validations = { required: field.required };
  if (options) {
    return {
      type: 'dropdown',
      id: field.id,
      attributes: {
        ...attributes,
        multiple: field.property.type === 'array',
        options,
        ...(typeof field.property.default === 'string' ||
        typeof field.property.default === 'number'
          ? { default: options.indexOf(String(field.property.default)) }
          : {}),
      },
      validations,
    };
  }
  return {
    type: field.property.type === 'array' ? 'textarea' : 'input',
    id: field.id,
    attributes: {
      ...attributes,
      ...(Array.isArray(field.property.default)
        ? { value: field.property.default.join('\n') }
        : {}),
    },
    validations,
  };
}

/**
 * The GitHub issue form of a template: one element per parameter, ids equal to the
 * parameter names, so that a filed issue maps one to one onto the template's values.
 */
export function issueFormOf(template: TicketTemplate) {
  return {
    name: template.metadata.title,
    description: `Request a ${template.metadata.title
      .toLowerCase()
      .replace(/^new /, '')}: each field is a parameter of the portal's ${
      template.metadata.name
    } template.`,
    title: `[${template.metadata.name}] `,
    labels: ['ekyc-request', template.metadata.name],
    body: [
      {
        type: 'markdown',
        attributes: {
          value: `Generated from templates/${template.metadata.name}/template.yaml (scripts/maintenance/write-forms.sh); edit the template's form, not this file.`,
        },
      },
      ...templateFields(template).map(elementOf),
    ],
  };
}
