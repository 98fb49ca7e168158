import {
  environmentEntityTypes,
  environmentSpecJsonSchema,
  pulumiProjectName,
} from '@internal/ekyc-domain';
import { EnvironmentForm, FormField } from './environmentForms';

type JsonSchema = Record<string, any>;

/** What a form field keeps of the spec's JSON Schema; the rest is the spec's business. */
const keptKeywords = [
  'type',
  'const',
  'enum',
  'pattern',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
];
/** Formats the form's validator knows; others (cidrv4) are checked by their pattern. */
const knownFormats = new Set(['ipv4', 'ipv6', 'email', 'uri', 'date-time']);

function formProperty(schema: JsonSchema): JsonSchema {
  const property: JsonSchema = {};
  for (const keyword of keptKeywords) {
    if (schema[keyword] !== undefined) property[keyword] = schema[keyword];
  }
  if (knownFormats.has(schema.format)) property.format = schema.format;
  // zod writes a union of integer literals as a number enum.
  if (
    property.type === 'number' &&
    property.enum?.every((value: unknown) => Number.isInteger(value))
  ) {
    property.type = 'integer';
  }
  if (schema.items) property.items = formProperty(schema.items);
  return property;
}

/** The spec's schema for one kind (a branch of its discriminated union). */
function kindSchema(kind: EnvironmentForm['kind']): JsonSchema {
  const schema = environmentSpecJsonSchema() as JsonSchema;
  const branch = (schema.oneOf ?? schema.anyOf).find(
    (candidate: JsonSchema) => candidate.properties.kind.const === kind,
  );
  if (!branch) throw new Error(`the EnvironmentSpec has no kind ${kind}`);
  return branch;
}

/** The property at a dotted path, and whether the spec requires it there. */
function specProperty(root: JsonSchema, path: string) {
  let node = root;
  let required = true;
  for (const key of path.split('.')) {
    const next = node.properties?.[key];
    if (!next) throw new Error(`the EnvironmentSpec has no field ${path}`);
    required &&= (node.required ?? []).includes(key);
    node = next;
  }
  return { schema: node, required: required && node.default === undefined };
}

/** A form may offer less than the spec allows, never more. */
function checkNarrowing(field: FormField, schema: JsonSchema) {
  const refuse = (what: string) => {
    throw new Error(
      `${field.name} offers ${what}, which ${field.spec} does not allow`,
    );
  };
  const offered = field.hints?.enum as unknown[] | undefined;
  if (offered && schema.enum) {
    const outside = offered.filter(value => !schema.enum.includes(value));
    if (outside.length) refuse(outside.join(', '));
  }
  const minimum = field.hints?.minimum as number | undefined;
  const maximum = field.hints?.maximum as number | undefined;
  if (minimum !== undefined && schema.minimum > minimum) {
    refuse(`values from ${minimum}`);
  }
  if (maximum !== undefined && schema.maximum < maximum) {
    refuse(`values up to ${maximum}`);
  }
}

function parameterOf(field: FormField, root: JsonSchema) {
  const base = field.spec
    ? formProperty(specProperty(root, field.spec).schema)
    : field.property ?? {};
  if (field.spec) checkNarrowing(field, specProperty(root, field.spec).schema);
  const defaultValue =
    field.default ??
    (field.spec ? specProperty(root, field.spec).schema.default : undefined);
  return {
    title: field.title,
    ...(field.description ? { description: field.description } : {}),
    ...base,
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    ...field.hints,
  };
}

function setPath(target: JsonSchema, path: string, value: unknown) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys[keys.length - 1]] = value;
}

/** Every field the spec requires that the form neither asks for nor fixes. */
function uncovered(root: JsonSchema, covered: Set<string>, prefix = '') {
  const missing: string[] = [];
  for (const key of root.required ?? []) {
    const path = `${prefix}${key}`;
    if (covered.has(path)) continue;
    const child = root.properties[key];
    if (child.type === 'object' && child.properties) {
      missing.push(...uncovered(child, covered, `${path}.`));
    } else {
      missing.push(path);
    }
  }
  return missing;
}

/**
 * The spec the template builds from its parameters: each asked-for field as
 * `${{ parameters.<name> }}`, the fixed ones as they are. Throws when a field the spec
 * requires is neither, so a form cannot fall behind the spec.
 */
function specOfForm(form: EnvironmentForm, root: JsonSchema) {
  const spec: JsonSchema = {};
  const covered = new Set<string>();
  for (const [path, value] of Object.entries(form.fixed)) {
    setPath(spec, path, value);
    covered.add(path);
  }
  for (const field of form.pages.flatMap(page => page.fields)) {
    if (!field.spec) continue;
    setPath(spec, field.spec, `\${{ parameters.${field.name} }}`);
    covered.add(field.spec);
  }
  // The id of a sovereign site is its site.
  if (!covered.has('id')) {
    setPath(spec, 'id', `\${{ parameters.${form.idParameter} }}`);
    covered.add('id');
  }
  const missing = uncovered(root, covered);
  if (missing.length) {
    throw new Error(
      `the ${form.name} form leaves out ${missing.join(
        ', ',
      )} of the EnvironmentSpec: ask for them or fix them`,
    );
  }
  return spec;
}

const validatedSpec = '${{ steps.validate.output.spec }}';

const capitalised = (text: string) =>
  text.charAt(0).toUpperCase() + text.slice(1);

/** The scaffolder template (a YAML document's value) of an environment form. */
export function environmentTemplateOf(form: EnvironmentForm) {
  const root = kindSchema(form.kind);
  const spec = specOfForm(form, root);
  const id = `\${{ parameters.${form.idParameter} }}`;
  const entityRef = `resource:${pulumiProjectName}/${id}`;
  const noun = form.noun;
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: form.name,
      title: form.title,
      description: form.description,
      tags: form.tags,
    },
    spec: {
      owner: 'group:default/platform-team',
      type: environmentEntityTypes[form.kind],
      // A task its replica left unfinished (killed, restarted) is taken up again by
      // the scaffolder's task recovery: the completed steps keep their outputs and the
      // step in flight runs again, an up resuming from what the stack has applied.
      EXPERIMENTAL_recovery: { EXPERIMENTAL_strategy: 'startOver' },
      parameters: form.pages.map(page => ({
        title: page.title,
        // What the spec requires and does not default itself: a form's default is
        // only a suggestion, and clearing it must not pass the form.
        required: page.fields
          .filter(
            field => field.spec && specProperty(root, field.spec).required,
          )
          .map(field => field.name),
        properties: Object.fromEntries(
          page.fields.map(field => [field.name, parameterOf(field, root)]),
        ),
        ...(page.dependencies ? { dependencies: page.dependencies } : {}),
      })),
      steps: [
        {
          id: 'validate',
          name: 'Validate the spec and its residency rules',
          action: 'ekyc:environment:validate',
          input: { spec, forChange: true },
        },
        // What validate read from the catalog (a secondary's primary) stays with
        // the spec from here on.
        {
          id: 'preview',
          name: 'Preview with the policy pack, and the cost',
          action: 'ekyc:environment:preview',
          input: { spec: validatedSpec, newEnvironment: true },
        },
        {
          id: 'up',
          name: 'Apply',
          action: 'ekyc:environment:up',
          input: {
            spec: validatedSpec,
            plan: '${{ steps.preview.output.plan }}',
          },
        },
        {
          id: 'entity',
          name: 'Write the catalog entity and the stack config',
          action: 'ekyc:environment:catalog-files',
          input: {
            spec: validatedSpec,
            outputs: '${{ steps.up.output.outputs }}',
            targetPath: 'environment',
          },
        },
        {
          id: 'publish',
          name: 'Publish to the repository',
          if: '${{ parameters.publish }}',
          action: 'publish:github',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            sourcePath: 'environment',
            description: `${capitalised(
              form.title.replace(/^New /, ''),
            )} ${id}`,
            defaultBranch: 'main',
          },
        },
        {
          id: 'register-published',
          name: 'Register in the catalog',
          if: '${{ parameters.publish }}',
          action: 'catalog:register',
          input: {
            repoContentsUrl: '${{ steps.publish.output.repoContentsUrl }}',
            catalogInfoPath: '/catalog-info.yaml',
          },
        },
        {
          id: 'register',
          name: 'Register in the local catalog',
          if: '${{ not parameters.publish }}',
          action: 'ekyc:environment:register-local',
          input: { name: id, sourcePath: 'environment' },
        },
        // What the catalog-files step wrote beside it is registered too: the cluster a
        // region's stack created on AWS, a site's hybrid link.
        ...(form.kind === 'region'
          ? companionSteps(id, 'cluster', 'its cluster', 'clusterEntityRef')
          : companionSteps(id, 'link', 'its hybrid link', 'linkEntityRef')),
      ],
      output: {
        links: [
          {
            title: `The new ${noun} in the catalog`,
            icon: 'catalog',
            entityRef,
          },
          {
            title: 'Its workloads (Kubernetes tab)',
            url: `/catalog/${pulumiProjectName}/resource/${id}/kubernetes`,
          },
          {
            title: 'GPU capacity and residency (ekyc-regions)',
            url: '/ekyc-regions',
          },
        ],
        text: [
          {
            title: 'Planned changes',
            content: '${{ steps.preview.output.summary }}',
          },
          {
            title: 'Cost estimate',
            content: '```\n${{ steps.preview.output.costSummary }}\n```\n',
          },
        ],
      },
    },
  };
}

/**
 * Registers an entity the catalog-files step wrote beside the environment's, in its
 * folder `folder`, when the step output its reference as `output`.
 */
function companionSteps(
  id: string,
  folder: string,
  what: string,
  output: string,
) {
  const written = `steps.entity.output.${output}`;
  return [
    {
      id: `register-published-${folder}`,
      name: `Register ${what} in the catalog`,
      if: `\${{ parameters.publish and ${written} }}`,
      action: 'catalog:register',
      input: {
        repoContentsUrl: '${{ steps.publish.output.repoContentsUrl }}',
        catalogInfoPath: `/${folder}/catalog-info.yaml`,
      },
    },
    {
      id: `register-${folder}`,
      name: `Register ${what} in the local catalog`,
      if: `\${{ not parameters.publish and ${written} }}`,
      action: 'ekyc:environment:register-local',
      input: { name: `${id}-${folder}`, sourcePath: `environment/${folder}` },
    },
  ];
}
