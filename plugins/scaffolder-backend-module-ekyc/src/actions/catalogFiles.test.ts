import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject } from '@backstage/types';
import { parse } from 'yaml';
import { specReaderOver } from '../__testUtils__/environmentEntities';
import { createCatalogFilesAction } from './catalogFiles';
import { examples } from './catalogFiles.examples';

const { spec } = parse(examples[0].example).steps[0].input;

async function run(input: JsonObject, read?: string) {
  const workspacePath = fs.mkdtempSync(
    path.join(os.tmpdir(), 'ekyc-catalog-files-'),
  );
  const ctx = createMockActionContext({ input, workspacePath });
  const outcome = await createCatalogFilesAction(specReaderOver([]))
    .handler(ctx as any)
    .then(
      () => undefined,
      (error: Error) => error,
    );
  const files = fs.readdirSync(workspacePath, { recursive: true });
  const written = read
    ? parse(fs.readFileSync(path.join(workspacePath, read), 'utf8'))
    : undefined;
  const outputs = Object.fromEntries(
    jest.mocked(ctx.output).mock.calls.map(([name, value]) => [name, value]),
  );
  fs.rmSync(workspacePath, { recursive: true, force: true });
  return { outcome, files, written, outputs };
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

  it('writes a site’s link to its hub as its own entity, the form’s blank answers left out', async () => {
    const { outcome, files, written, outputs } = await run(
      {
        spec: {
          ...spec,
          connectivity: {
            ...spec.connectivity,
            hub: {
              region: 'ap-southeast-1',
              environment: 'ap-southeast-1-primary',
            },
            customerGatewayIps: ['203.0.113.10', '198.51.100.10'],
            // What the template makes of the Direct Connect questions of a VPN.
            directConnect: { connectionId: '' },
          },
        },
        targetPath: 'environment',
      },
      'environment/link/catalog-info.yaml',
    );
    expect(outcome).toBeUndefined();
    expect(files).toContain('environment/link/catalog-info.yaml');
    expect(written.spec).toEqual({
      type: 'network-link',
      owner: 'group:default/ops-bd',
      system: 'default/ekyc',
      dependsOn: [
        'resource:ekyc-environments/bd-dhaka-1',
        'resource:ekyc-environments/ap-southeast-1-primary',
      ],
    });
    expect(outputs.linkEntityRef).toBe(
      'resource:ekyc-environments/bd-dhaka-1-link',
    );
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
