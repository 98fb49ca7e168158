import path from 'node:path';
import {
  readCatalogTree,
  referencesOf,
  refOf,
  validateEntity,
} from './catalogFiles';

const repoRoot = path.resolve(__dirname, '../../../..');
const tree = readCatalogTree(path.join(repoRoot, 'catalog-info.yaml'));
const entityRefs = new Set(tree.map(({ entity }) => refOf(entity)));

describe('the catalog files of this repo', () => {
  it.each(tree.map(read => [refOf(read.entity), read]))(
    '%s validates against Backstage schema',
    async (_ref, read) => {
      await expect(validateEntity(read)).resolves.toBeUndefined();
    },
  );

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
