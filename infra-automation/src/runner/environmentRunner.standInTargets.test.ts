// The runner applying a topology, and beside it an environment, through the Pulumi CLI
// and a file backend; their programs are stand-ins that create nothing, as AWS cannot be
// reached from here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { parseTopologySpec } from '@internal/ekyc-domain';
import { EnvironmentRunner } from './environmentRunner';
import { findPulumiCommand } from './pulumiCommand';

// Sized from the measured time with a wide margin (eight Pulumi operations on a file backend: 22 s for four with the two cores shared with a build).
jest.setTimeout(180_000);

const examples = path.resolve(__dirname, '../../../examples');
const example = (name: string) =>
  parse(fs.readFileSync(path.join(examples, name), 'utf8'));

const topology = parseTopologySpec({
  kind: 'topology',
  id: 'runner-topology',
  environments: [example('region-us-east-1.yaml')],
  countries: { US: { primary: 'us-east-1-primary' } },
  owner: 'group:default/platform-team',
});

/** The resource types of a stack's state in the file backend. */
function resourceTypes(stateDir: string, project: string, stack: string) {
  const state = JSON.parse(
    fs.readFileSync(
      path.join(stateDir, '.pulumi/stacks', project, `${stack}.json`),
      'utf8',
    ),
  );
  return state.checkpoint.latest.resources.map(
    (resource: { type: string }) => resource.type,
  );
}

describe('EnvironmentRunner with stand-in targets (no cloud)', () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-topology-'));
  const checked: string[] = [];
  let runner: EnvironmentRunner;

  beforeAll(async () => {
    runner = new EnvironmentRunner({
      pulumiCommand: await findPulumiCommand(),
      backendUrl: `file://${stateDir}`,
      passphrase: 'test-only-passphrase',
      policyPacks: [],
      targets: { aws: { programFor: spec => async () => ({ env: spec.id }) } },
      topologyTarget: {
        programFor: routed => async () => ({ routes: routed.id }),
        preflight: async routed => {
          checked.push(routed.id);
        },
      },
    });
  });
  afterAll(() => fs.rmSync(stateDir, { recursive: true, force: true }));

  it("applies the topology in a stack of its own project, after its target's preflight, with no generated secret", async () => {
    const result = await runner.up(topology);
    expect(result.outputs).toEqual({ routes: 'runner-topology' });
    expect(checked).toEqual(['runner-topology']);
    expect(await runner.outputs(topology)).toEqual({
      routes: 'runner-topology',
    });
    // The routing reads no secret, so the runner keeps none in its state.
    expect(
      resourceTypes(stateDir, 'ekyc-topologies', 'runner-topology'),
    ).toEqual(['pulumi:pulumi:Stack']);
  });

  it('destroys it, and then has nothing to read', async () => {
    await runner.destroy(topology);
    expect(await runner.outputs(topology)).toEqual({});
    await expect(
      runner.outputs({ ...topology, id: 'never-applied' }),
    ).rejects.toMatchObject({ kind: 'not-found' });
  });

  it("still applies an environment in the environments' project, holding its generated secret", async () => {
    const spec = topology.environments[0];
    expect((await runner.up(spec)).outputs).toEqual({
      env: 'us-east-1-primary',
    });
    expect(
      resourceTypes(stateDir, 'ekyc-environments', 'us-east-1-primary'),
    ).toEqual(['pulumi:pulumi:Stack', 'ekyc:runner:GeneratedSecrets']);
    await runner.destroy(spec);
  });

  it('refuses a topology whose copy of an environment is not what that environment was last applied with', async () => {
    const spec = topology.environments[0];
    await runner.up(spec);
    const stale = {
      ...topology,
      environments: [{ ...spec, costCenter: 'EKYC-OTHER-01' }],
    };
    await expect(runner.preview(stale)).rejects.toMatchObject({
      kind: 'validation',
      message: expect.stringContaining(
        "us-east-1-primary was last applied with other costCenter than the topology's copy",
      ),
    });
    expect((await runner.preview(topology)).changes).toBeDefined();
    await runner.destroy(spec);
  });
});
