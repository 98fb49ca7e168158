import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  CatalogFileEntity,
  readCatalogTree,
  referencesOf,
  refOf,
  validateEntity,
} from './catalogFiles';

const repoRoot = path.resolve(__dirname, '../../../..');

interface Rules {
  allow: string[];
}
const catalogConfig = parse(
  fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
).catalog as {
  rules: Rules[];
  locations: Array<{ type: string; target: string; rules?: Rules[] }>;
};
// The embedded default's locations, as the backend reads them (relative to its package).
const roots = catalogConfig.locations.map(location => ({
  file: path.resolve(repoRoot, 'packages/backend', location.target),
  rules: location.rules,
}));
// Each entity with the rules of the root it was found through: the catalog checks an
// entity against its origin location's rules, whatever file its Locations led to.
const treeByRoot = roots.map(root => ({
  root,
  entities: readCatalogTree(root.file),
}));
const tree: CatalogFileEntity[] = treeByRoot.flatMap(
  ({ entities }) => entities,
);
const entityRefs = new Set(tree.map(({ entity }) => refOf(entity)));

describe('the catalog files of this repo', () => {
  it.each(tree.map(read => [refOf(read.entity), read]))(
    '%s validates against Backstage schema',
    async (_ref, read) => {
      await expect(validateEntity(read)).resolves.toBeUndefined();
    },
  );

  it('reads every entity through a location whose rules allow its kind; Users and Groups only from catalog/org.yaml', () => {
    const refused = treeByRoot.flatMap(({ root, entities }) => {
      const allowed = (root.rules ?? catalogConfig.rules).flatMap(
        rule => rule.allow,
      );
      return entities
        .filter(({ entity }) => !allowed.includes(entity.kind))
        .map(
          ({ file, entity }) =>
            `${path.relative(repoRoot, file)} ${refOf(entity)}`,
        );
    });
    expect(refused).toEqual([]);
    const people = tree.filter(({ entity }) =>
      ['User', 'Group'].includes(entity.kind),
    );
    expect(people.length).toBeGreaterThan(0);
    expect(
      new Set(people.map(({ file }) => path.relative(repoRoot, file))),
    ).toEqual(new Set(['catalog/org.yaml']));
    // A location registered later (a component repository) gets the global rules: no
    // people, no Templates, no Locations.
    expect(catalogConfig.rules.flatMap(rule => rule.allow).sort()).toEqual([
      'API',
      'Component',
      'Domain',
      'Resource',
      'System',
    ]);
  });

  it('has no two entities with the same reference', () => {
    const refs = tree.map(({ entity }) => refOf(entity));
    const duplicates = refs.filter((ref, i) => refs.indexOf(ref) !== i);
    expect(duplicates).toEqual([]);
  });

  it('references only entities that exist', () => {
    const dangling = tree.flatMap(({ file, entity }) =>
      referencesOf(entity)
        .filter(ref => !entityRefs.has(ref))
        .map(
          ref => `${path.relative(repoRoot, file)} ${refOf(entity)} -> ${ref}`,
        ),
    );
    expect(dangling).toEqual([]);
  });

  it('models system ekyc with at least ten components, each owned and with APIs', () => {
    const components = tree
      .map(({ entity }) => entity)
      .filter(e => e.kind === 'Component' && e.spec?.system === 'ekyc');
    expect(components.length).toBeGreaterThanOrEqual(10);
    expect(components.map(c => c.metadata.name)).toEqual(
      expect.arrayContaining([
        'nid-gateway-api',
        'document-capture',
        'image-preprocess',
        'ocr-extract',
        'face-match',
        'liveness-check',
        'nid-registry-connector',
        'decision-engine',
        'case-review-portal',
        'audit-log',
        'notification',
      ]),
    );
    const withoutApis = components.filter(
      c => !c.spec?.providesApis && !c.spec?.consumesApis,
    );
    expect(withoutApis.map(c => c.metadata.name)).toEqual([]);
  });

  it('provides the public NID validation API as an OpenAPI document', () => {
    const api = tree.find(
      ({ entity }) => refOf(entity) === 'api:default/nid-validation-api',
    );
    expect(api?.entity.spec?.type).toBe('openapi');
    // Inline: the catalog follows no relative $text placeholder from a file location.
    expect(api?.entity.spec?.definition).toMatch(/^openapi: 3\./);
  });
});
