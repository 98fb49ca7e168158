import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject } from '@backstage/types';
import { parse } from 'yaml';
import { createCatalogFilesAction } from './catalogFiles';
import { examples } from './catalogFiles.examples';

const { spec } = parse(examples[0].example).steps[0].input;

async function run(input: JsonObject) {
  const workspacePath = fs.mkdtempSync(
    path.join(os.tmpdir(), 'ekyc-catalog-files-'),
  );
  const ctx = createMockActionContext({ input, workspacePath });
  const outcome = await createCatalogFilesAction()
    .handler(ctx as any)
    .then(
      () => undefined,
      (error: Error) => error,
    );
  const files = fs.readdirSync(workspacePath, { recursive: true });
  fs.rmSync(workspacePath, { recursive: true, force: true });
  return { outcome, files };
}

describe('ekyc:environment:catalog-files', () => {
  it('writes the entity and the stack config where it is told, in a dry run too', async () => {
    const { outcome, files } = await run({ spec, targetPath: 'environment' });
    expect(outcome).toBeUndefined();
    expect(files.sort()).toEqual([
      'environment',
      'environment/Pulumi.bd-dhaka-1.yaml',
      'environment/catalog-info.yaml',
    ]);
  });

  it('refuses a targetPath outside the workspace and writes nothing', async () => {
    const { outcome, files } = await run({ spec, targetPath: '../../etc' });
    expect(outcome?.message).toBe(
      'targetPath ../../etc leaves the workspace: give a directory inside it, e.g. environment',
    );
    expect(files).toEqual([]);
  });

  it('refuses an owner that would inject YAML into the entity, naming the field, and writes nothing', async () => {
    const { outcome, files } = await run({
      spec: { ...spec, owner: 'ops-bd\nkind: User' },
      targetPath: 'environment',
    });
    expect(outcome?.name).toBe('InputError');
    expect(outcome?.message).toContain('owner: must be a catalog group');
    expect(files).toEqual([]);
  });
});
