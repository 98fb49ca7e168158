import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  KindValidator,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';

/** An entity as read from a file of this repo, with where it came from. */
export interface CatalogFileEntity {
  file: string;
  entity: Entity;
}

const kindValidators: KindValidator[] = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  templateEntityV1beta3Validator,
];

// The same policies the catalog backend applies when it ingests an entity.
const entityPolicies = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);

/** Reads every YAML document of a file as an entity. */
export function readEntities(file: string): CatalogFileEntity[] {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  return docs.map(doc => {
    if (doc.errors.length) {
      throw new Error(`${file}: ${doc.errors[0].message}`);
    }
    return { file, entity: doc.toJS() as Entity };
  });
}

/**
 * Follows Location entities from the root file, as the catalog's file reader does
 * (targets relative to the Location's file, `*` globs within one directory).
 */
export function readCatalogTree(rootFile: string): CatalogFileEntity[] {
  const result: CatalogFileEntity[] = [];
  const pending = [path.resolve(rootFile)];
  const seen = new Set<string>();
  while (pending.length) {
    const file = pending.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const read of readEntities(file)) {
      result.push(read);
      if (read.entity.kind === 'Location') {
        const spec = read.entity.spec as {
          target?: string;
          targets?: string[];
        };
        const targets = [spec.target, ...(spec.targets ?? [])].filter(
          (t): t is string => !!t,
        );
        for (const target of targets) {
          pending.push(...expandTarget(path.dirname(file), target));
        }
      }
    }
  }
  return result;
}

function expandTarget(baseDir: string, target: string): string[] {
  const absolute = path.resolve(baseDir, target);
  if (!absolute.includes('*')) return [absolute];
  // Enough glob for our layout: one `*` standing for one directory level or file stem.
  const parts = absolute.split(path.sep);
  let matches = [parts[0] || path.sep];
  for (const part of parts.slice(1)) {
    const next: string[] = [];
    for (const dir of matches) {
      if (part.includes('*')) {
        if (!fs.existsSync(dir)) continue;
        const pattern = new RegExp(
          `^${part.split('*').map(escapeRegExp).join('.*')}$`,
        );
        next.push(
          ...fs
            .readdirSync(dir)
            .filter(name => pattern.test(name))
            .map(name => path.join(dir, name)),
        );
      } else {
        next.push(path.join(dir, part));
      }
    }
    matches = next;
  }
  return matches.filter(file => fs.existsSync(file));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** Throws with the file and entity name when the entity breaks Backstage's schema. */
export async function validateEntity({ file, entity }: CatalogFileEntity) {
  const where = `${file}: ${entity.kind}:${entity.metadata?.name}`;
  try {
    await entityPolicies.enforce(entity);
    for (const validator of kindValidators) {
      if (await validator.check(entity)) return;
    }
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
  throw new Error(`${where}: no validator accepts kind ${entity.kind}`);
}

/** The entity references an entity makes through its spec, with their default kinds. */
export function referencesOf(entity: Entity): string[] {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const namespace = entity.metadata.namespace ?? 'default';
  const refs: string[] = [];
  const add = (value: unknown, defaultKind: string) => {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    for (const v of values.filter(Boolean)) {
      const text = String(v);
      const withKind = text.includes(':') ? text : `${defaultKind}:${text}`;
      refs.push(
        withKind.includes('/')
          ? withKind
          : withKind.replace(':', `:${namespace}/`),
      );
    }
  };
  add(spec.owner, 'group');
  add(spec.system, 'system');
  add(spec.domain, 'domain');
  add(spec.subcomponentOf, 'component');
  add(spec.providesApis, 'api');
  add(spec.consumesApis, 'api');
  add(spec.dependsOn, 'component');
  add(spec.dependencyOf, 'component');
  add(spec.parent, 'group');
  add(spec.children, 'group');
  add(spec.memberOf, 'group');
  return refs.map(ref => ref.toLocaleLowerCase('en-US'));
}

export function refOf(entity: Entity): string {
  const namespace = entity.metadata.namespace ?? 'default';
  return `${entity.kind}:${namespace}/${entity.metadata.name}`.toLocaleLowerCase(
    'en-US',
  );
}
