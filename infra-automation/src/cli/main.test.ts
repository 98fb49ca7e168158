// The CLI's checks that run before any stack or cluster is touched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parse, stringify } from 'yaml';
import { main } from './main';

const examples = path.resolve(__dirname, '../../../examples');
const siteExample = path.join(examples, 'sovereign-site-bd.yaml');

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

    const badStorage = await runCli(['up', siteExample], {
      EKYC_PULUMI_BACKEND: 'file:///nonexistent',
      PULUMI_CONFIG_PASSPHRASE: 'long enough',
      EKYC_DATABASE_STORAGE: 'nfs',
    });
    expect(badStorage.code).toBe(2);
    expect(badStorage.stderr).toContain('EKYC_DATABASE_STORAGE must be');
  });
});
