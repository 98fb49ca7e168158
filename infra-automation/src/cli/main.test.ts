// The CLI's checks that run before any stack or cluster is touched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parse, stringify } from 'yaml';
import { LocalStackLocks } from '../runner/localStackLocks';
import { main } from './main';

// Sized from the measured time with a wide margin (each test runs the CLI, some the Pulumi CLI too: 9 s for the file's sixteen, the longest 3 s, with the two cores shared with a build).
jest.setTimeout(60_000);

const examples = path.resolve(__dirname, '../../../examples');
const siteExample = path.join(examples, 'sovereign-site-bd.yaml');
const regionExample = path.join(examples, 'region-ap-southeast-1.yaml');
const topologyExample = path.join(examples, 'topology.yaml');

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = capture();
  const stderr = capture();
  const code = await main(
    argv,
    { stdout: stdout.stream, stderr: stderr.stream },
    env,
  );
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Makes this process a machine without any AWS identity, for the block's tests. */
function withoutAwsIdentity() {
  const awsEnv = {
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_CONFIG_FILE: '/nonexistent/config',
  };
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    // AWS's credential chain reads the process environment.
    for (const [name, value] of Object.entries(awsEnv)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    for (const name of [
      'AWS_PROFILE',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
    ]) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

/** A file backend of its own and the toolchain's Pulumi, for a run that gets that far. */
function pulumiSettings() {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-aws-'));
  return {
    stateDir,
    env: {
      EKYC_PULUMI_BACKEND: `file://${stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: 'long enough',
      EKYC_TOOLCHAIN_BIN: process.env.EKYC_TOOLCHAIN_BIN,
      PULUMI_HOME: path.join(stateDir, 'pulumi-home'),
    },
  };
}

function specFile(change: (spec: any) => void): string {
  const spec = parse(fs.readFileSync(siteExample, 'utf8'));
  change(spec);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-cli-'));
  const file = path.join(dir, 'spec.yaml');
  fs.writeFileSync(file, stringify(spec));
  return file;
}

describe('ekyc-infra', () => {
  it('validates both examples and says where personal data stays', async () => {
    for (const example of [
      'sovereign-site-bd.yaml',
      'region-ap-southeast-1.yaml',
    ]) {
      const result = await runCli(['validate', path.join(examples, example)]);
      expect(result.code).toBe(0);
    }
    const site = await runCli(['validate', siteExample]);
    expect(site.stderr).toContain(
      'database: sovereign site bd-dhaka-1 (BD), holding BD',
    );
  });

  it('exits 4 and names the rule when a BD site replicates to Singapore', async () => {
    const file = specFile(spec => {
      spec.database.replicateTo = [
        { type: 'cloud-region', region: 'ap-southeast-1' },
      ];
    });
    // No backend or passphrase is set: the spec is refused before either is needed.
    const result = await runCli(['up', file]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('ekyc-infra: residency:');
    expect(result.stderr).toContain(
      'Bangladesh (BD) rule "in-country" forbids its personal data in the database replica at cloud region ap-southeast-1',
    );
    expect(result.stderr).toContain('database.replicateTo.0');
  });

  it('exits 3 and names the field of an invalid spec', async () => {
    const file = specFile(spec => {
      spec.gpuPool.minNodes = 9;
      spec.gpuPool.maxNodes = 2;
    });
    const result = await runCli(['preview', file]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('gpuPool.minNodes');
    expect(result.stderr).toContain('minNodes must not exceed maxNodes');
  });

  it('exits 2 for usage mistakes, and destroy needs --yes', async () => {
    expect((await runCli(['deploy', siteExample])).code).toBe(2);
    expect((await runCli(['up'])).code).toBe(2);
    expect((await runCli(['up', siteExample, '--force'])).code).toBe(2);
    expect((await runCli(['outputs', siteExample, '--plan', 'x'])).code).toBe(
      2,
    );
    const destroy = await runCli(['destroy', siteExample]);
    expect(destroy.code).toBe(2);
    expect(destroy.stderr).toContain('add --yes to confirm');
  });

  it('exits 2 naming each missing setting before touching a stack', async () => {
    const result = await runCli(['up', siteExample]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('EKYC_PULUMI_BACKEND is not set');
    expect(result.stderr).toContain('PULUMI_CONFIG_PASSPHRASE is not set');

    const clustersFile = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-cli-')),
      'clusters.yaml',
    );
    fs.writeFileSync(
      clustersFile,
      stringify([
        {
          name: 'dhaka',
          country: 'BD',
          url: 'https://127.0.0.1:1',
          authProvider: 'serviceAccount',
          databaseStorage: 'nfs',
        },
      ]),
    );
    const badCluster = await runCli(['up', siteExample], {
      EKYC_PULUMI_BACKEND: 'file:///nonexistent',
      PULUMI_CONFIG_PASSPHRASE: 'long enough',
      EKYC_CLUSTERS_FILE: clustersFile,
    });
    expect(badCluster.code).toBe(2);
    expect(badCluster.stderr).toContain(
      'ekyc.clusters.0.serviceAccountToken is required by authProvider serviceAccount',
    );
    expect(badCluster.stderr).toContain(
      'ekyc.clusters.0.databaseStorage must be "storage-class:<name>"',
    );
  });

  it("exits 4 when a site's cluster is abroad, naming the rule and the clusters allowed", async () => {
    const clustersFile = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-cli-')),
      'clusters.yaml',
    );
    const cluster = {
      url: 'https://127.0.0.1:1',
      authProvider: 'aws',
    };
    fs.writeFileSync(
      clustersFile,
      stringify([
        {
          ...cluster,
          name: 'sandbox-singapore',
          country: 'SG',
          region: 'ap-southeast-1',
        },
        {
          ...cluster,
          name: 'sandbox-dhaka',
          country: 'BD',
          site: 'bd-dhaka-1',
        },
      ]),
    );
    const env = { EKYC_CLUSTERS_FILE: clustersFile };
    expect((await runCli(['validate', siteExample], env)).code).toBe(0);
    const abroad = await runCli(
      ['validate', specFile(spec => (spec.cluster = 'sandbox-singapore'))],
      env,
    );
    expect(abroad.code).toBe(4);
    expect(abroad.stderr).toMatch(
      /cluster: cluster sandbox-singapore \(SG, cloud region ap-southeast-1\) is outside BD: a sovereign site lands only on a cluster in its country, by Bangladesh's rule .*choose one of: sandbox-dhaka \(is "sandbox-singapore"\)/,
    );
  });

  it('validates the company topology, and refuses one that would fail BD users over to Singapore', async () => {
    const topology = topologyExample;
    const valid = await runCli(['validate', topology]);
    expect(valid.code).toBe(0);
    expect(valid.stderr).toContain(
      'US: us-east-1-primary, failing over to us-west-2-secondary (latency)',
    );
    expect(valid.stderr).toContain(
      '    secondary → us-west-2-secondary: cloud region us-west-2',
    );

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-topology-'));
    const bad = parse(fs.readFileSync(topology, 'utf8'));
    bad.environments = bad.environments.map((file: string) =>
      path.join(examples, file),
    );
    bad.countries.BD.failover = ['ap-southeast-1-primary'];
    fs.writeFileSync(path.join(dir, 'topology.yaml'), stringify(bad));
    const refused = await runCli(['validate', path.join(dir, 'topology.yaml')]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain(
      'countries.BD.failover.0: Bangladesh (BD): bd-dhaka-1 fails over to ap-southeast-1-primary, which would keep BD\'s personal data at cloud region ap-southeast-1 (SG); BD\'s rule "in-country" allows only sovereign sites in BD',
    );
    // No backend or passphrase is set: the topology is refused before either is needed.
    const up = await runCli(['up', path.join(dir, 'topology.yaml')]);
    expect(up.code).toBe(4);
    expect(up.stderr).toContain('countries.BD.failover.0: Bangladesh (BD)');
  });

  it("estimates every environment of the topology and the whole, the on-prem ones at the model's rates", async () => {
    const topology = path.join(examples, 'topology.yaml');
    const withoutModel = await runCli(['validate', topology]);
    expect(withoutModel.stderr).toContain(
      'bd-dhaka-1:\ncost: not estimated: target kubernetes runs on capacity the company owns',
    );
    const onPremCosts = path.resolve(
      __dirname,
      '../../../scripts/sandbox/onprem-costs.yaml',
    );
    const { code, stderr } = await runCli(['validate', topology], {
      EKYC_ONPREM_COSTS: onPremCosts,
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /\nbd-dhaka-1:\ncost of site bd-dhaka-1 \(BD\), USD +per hour +per month\nNVIDIA-A10 GPUs, hardware amortised: 4–8 GPUs +1\.80–3\.60 /,
    );
    expect(stderr).toContain(
      'on-prem cost model (BD rates): sandbox example figures, not a finance model, recorded 2026-12-06',
    );
    // A region the price table lacks is named, and left out of the sum.
    expect(stderr).toContain(
      'us-west-2-secondary:\ncost: not estimated: no prices for region us-west-2',
    );
    expect(stderr).toMatch(
      /\nthe topology: [\d.,–]+ USD per hour, [\d.,–]+ per month, without us-west-2-secondary\n/,
    );

    const badModel = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-costs-')),
      'costs.yaml',
    );
    fs.writeFileSync(
      badModel,
      'source: x\nrecorded: 2026-12-06\ngpuHour: -1\n',
    );
    const refused = await runCli(['validate', topology], {
      EKYC_ONPREM_COSTS: badModel,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `EKYC_ONPREM_COSTS ${badModel}: ekyc.costs.onPrem is not valid: ekyc.costs.onPrem.gpuHour must be an amount of 0 or more, in USD`,
    );
  });

  describe('with --target aws', () => {
    withoutAwsIdentity();

    it('validates the region for AWS and prints its cost estimate', async () => {
      const result = await runCli([
        'validate',
        '--target',
        'aws',
        regionExample,
      ]);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(
        /GPU nodes g6\.48xlarge \(8 × NVIDIA-L4\), on-demand: 1–2 nodes/,
      );
      expect(result.stderr).toMatch(
        /^total +25\.55–48\.92 +18,654\.71–35,709\.84$/m,
      );
      expect(result.stderr).toMatch(
        /AWS list prices in ap-southeast-1: AWS public on-demand list prices.*recorded 2026-11-22/,
      );
    });

    it('names the fields a sovereign site needs on AWS', async () => {
      const file = specFile(spec => {
        delete spec.connectivity.hub;
        delete spec.connectivity.customerGatewayIps;
      });
      const result = await runCli(['validate', '--target', 'aws', file]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(
        'connectivity.hub: target aws joins the site',
      );
      expect(result.stderr).toContain(
        'connectivity.customerGatewayIps: a redundant site-to-site VPN needs',
      );
    });

    it('stops a preview before anything runs, naming each missing piece and how to supply it', async () => {
      const { stateDir, env } = pulumiSettings();
      const result = await runCli(
        ['preview', '--target', 'aws', regionExample],
        env,
      );
      expect(result.code).toBe(7);
      expect(result.stderr).toContain('target aws cannot run here:');
      expect(result.stderr).toContain(
        'set EKYC_AWS_DNS_ZONE to "<zone id>:<domain>"',
      );
      expect(result.stderr).toContain(
        'the Pulumi AWS provider plugin 7.48.0 is not installed',
      );
      expect(result.stderr).toContain(
        'pulumi plugin install resource aws 7.48.0',
      );
      expect(result.stderr).toContain('no AWS credentials found');
      expect(result.stderr).toContain('set AWS_PROFILE');
      expect(fs.existsSync(path.join(stateDir, '.pulumi', 'stacks'))).toBe(
        false,
      );
      fs.rmSync(stateDir, { recursive: true, force: true });
    });
  });

  describe("a topology's routing stack", () => {
    withoutAwsIdentity();

    it('takes every command but --target, and destroy needs --yes', async () => {
      const target = await runCli([
        'preview',
        '--target',
        'aws',
        topologyExample,
      ]);
      expect(target.code).toBe(2);
      expect(target.stderr).toContain(
        'is a topology: it takes every command, but not --target',
      );
      const destroy = await runCli(['destroy', topologyExample]);
      expect(destroy.code).toBe(2);
      expect(destroy.stderr).toContain('add --yes to confirm');
    });

    it('exits 2 naming each missing or malformed setting before touching a stack', async () => {
      const unset = await runCli(['up', topologyExample]);
      expect(unset.code).toBe(2);
      expect(unset.stderr).toContain('EKYC_PULUMI_BACKEND is not set');
      expect(unset.stderr).toContain('PULUMI_CONFIG_PASSPHRASE is not set');

      const malformed = await runCli(['preview', topologyExample], {
        EKYC_PULUMI_BACKEND: 'file:///nonexistent',
        PULUMI_CONFIG_PASSPHRASE: 'long enough',
        EKYC_AWS_DNS_ZONE: 'ekyc.example.com',
      });
      expect(malformed.code).toBe(2);
      expect(malformed.stderr).toContain(
        'EKYC_AWS_DNS_ZONE must be "<Route 53 zone id>:<domain>"',
      );
    });

    it('stops preview, up and destroy before anything runs, naming the environments without an edge, the zone, the plugin and the credentials', async () => {
      const { stateDir, env } = pulumiSettings();
      for (const argv of [['preview'], ['up'], ['destroy', '--yes']]) {
        const result = await runCli([...argv, topologyExample], env);
        expect(result.code).toBe(7);
        expect(result.stderr).toContain(
          'the routing of topology ekyc-global cannot be applied here:',
        );
        // The example's Singapore region runs on the sandbox's cluster, and the BD
        // site's ingress is not in the topology's endpoints.
        for (const id of ['ap-southeast-1-primary', 'bd-dhaka-1']) {
          expect(result.stderr).toContain(
            `${id} has no AWS edge to route to: give its public name and addresses in the topology's endpoints`,
          );
        }
        expect(result.stderr).toContain(
          'no Route 53 hosted zone for the global API name: set EKYC_AWS_DNS_ZONE to "<zone id>:<domain>"',
        );
        expect(result.stderr).toContain(
          'the Pulumi AWS provider plugin 7.48.0 is not installed',
        );
        expect(result.stderr).toContain('no AWS credentials found');
      }
      expect(fs.existsSync(path.join(stateDir, '.pulumi', 'stacks'))).toBe(
        false,
      );
      fs.rmSync(stateDir, { recursive: true, force: true });
    });

    it("takes the stack lock the environments' runs take, on the topology's own stack", async () => {
      const { stateDir, env } = pulumiSettings();
      const lock = await new LocalStackLocks(
        path.join(stateDir, '.ekyc-locks'),
      ).tryAcquire('ekyc-topologies/ekyc-global', 'another up of the topology');
      const result = await runCli(['up', topologyExample], {
        ...env,
        EKYC_AWS_DNS_ZONE: 'Z0123456789ABCDEFGHIJ:ekyc.example.com',
      });
      expect(result.code).toBe(6);
      expect(result.stderr).toContain(
        'Stack ekyc-topologies/ekyc-global is busy with another up of the topology',
      );
      if ('release' in lock) await lock.release();
      fs.rmSync(stateDir, { recursive: true, force: true });
    });

    it('reads the outputs of the stack named by the topology, and says when it was never applied', async () => {
      const { stateDir, env } = pulumiSettings();
      const result = await runCli(['outputs', topologyExample], env);
      expect(result.code).toBe(9);
      expect(result.stderr).toContain(
        'stack ekyc-topologies/ekyc-global does not exist',
      );
      fs.rmSync(stateDir, { recursive: true, force: true });
    });
  });
});
