// One sovereign site's up and destroy through the runner with Pulumi's PostgreSQL
// backend against the file backend, alternated, and the ratio of the medians. The
// PostgreSQL server is EKYC_BENCH_POSTGRES_URL's (a user that may create databases);
// the bench creates its own database and drops it. Run it through bench/state-backends.sh.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseEnvironmentSpecYaml } from '@internal/ekyc-domain';
import { Client } from 'pg';
import {
  EnvironmentRunner,
  findPulumiCommand,
} from '../infra-automation/src/runner';
import { sandboxTarget } from './sandboxTarget';
import { median, timed } from './timing';

const adminUrl = process.env.EKYC_BENCH_POSTGRES_URL!;
const repeats = 3;

async function main() {
  const database = `ekyc_bench_${randomBytes(4).toString('hex')}`;
  // One connection for the bench's database, created first and dropped last.
  const server = new Client({ connectionString: adminUrl });
  await server.connect();
  await server.query(`CREATE DATABASE ${database}`);
  const postgresUrl = new URL(adminUrl);
  postgresUrl.pathname = `/${database}`;
  postgresUrl.searchParams.set('sslmode', 'disable');
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-bench-'));
  const example = parseEnvironmentSpecYaml(
    fs.readFileSync(
      path.resolve(__dirname, '../examples/sovereign-site-bd.yaml'),
      'utf8',
    ),
  );
  const pulumiCommand = await findPulumiCommand();
  const target = sandboxTarget();
  const runnerOn = (backendUrl: string) =>
    new EnvironmentRunner({
      pulumiCommand,
      backendUrl,
      passphrase: 'bench-only',
      targets: { kubernetes: target },
    });
  const backends = {
    file: runnerOn(`file://${stateDir}`),
    postgres: runnerOn(postgresUrl.toString()),
  };
  const ups = { file: [] as number[], postgres: [] as number[] };
  const destroys = { file: [] as number[], postgres: [] as number[] };
  try {
    for (let i = 1; i <= repeats; i++) {
      for (const kind of ['file', 'postgres'] as const) {
        const spec = { ...example, id: `bench-${kind}-${i}` };
        ups[kind].push(await timed(() => backends[kind].up(spec)));
        destroys[kind].push(await timed(() => backends[kind].destroy(spec)));
      }
    }
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
    await server.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await server.end();
  }
  const report = (label: string, seconds: number) =>
    console.log(`${label.padEnd(56)} ${seconds.toFixed(1).padStart(7)} s`);
  for (const kind of ['file', 'postgres'] as const) {
    report(
      `up of one site, ${kind} backend (median of ${repeats})`,
      median(ups[kind]),
    );
    report(
      `destroy of one site, ${kind} backend (median of ${repeats})`,
      median(destroys[kind]),
    );
  }
  console.log(
    `PostgreSQL backend / file backend: up ${(
      median(ups.postgres) / median(ups.file)
    ).toFixed(2)}, destroy ${(
      median(destroys.postgres) / median(destroys.file)
    ).toFixed(2)}`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
