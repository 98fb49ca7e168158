// Starts the real portal backend (the app package's build served by app-backend) on a
// free loopback port, with a static service token, and stops its whole process group.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..');

export interface PortalBackend {
  baseUrl: string;
  /** Its process group: the CLI, the backend it forks, and their Pulumi processes. */
  processGroup: number;
  serviceToken: string;
  logFile: string;
  stop(): Promise<void>;
  /** As `kill -9` of the portal: its whole process group, Pulumi's processes included. */
  kill(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForReady(
  baseUrl: string,
  child: ChildProcess,
  logFile: string,
) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`backend exited with ${child.exitCode}; see ${logFile}`);
    }
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`backend not ready after 180 s; see ${logFile}`);
}

/** Backends this process started, for their log files' names. */
let started = 0;

/** How a backend is started beyond its config files. */
export interface PortalBackendOptions {
  /**
   * NODE_ENV=production with app-config.production.yaml after app-config.yaml, as the
   * image runs; its `${...}` values from `env`. Otherwise NODE_ENV=development.
   */
  production?: boolean;
  env?: Record<string, string>;
}

/**
 * `configFiles` are read after app-config.yaml (and app-config.production.yaml), e.g.
 * the sandbox's generated config.
 */
export async function startPortalBackend(
  configFiles: string[] = [],
  options: PortalBackendOptions = {},
): Promise<PortalBackend> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const serviceToken = randomBytes(24).toString('base64url');
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-e2e-'));
  const configFile = path.join(workDir, 'app-config.e2e.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { port, host: '127.0.0.1' },
        cors: { origin: baseUrl },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: serviceToken, subject: 'ekyc-e2e' },
            },
          ],
        },
      },
    }),
  );
  started += 1;
  const logFile = path.join(
    repoRoot,
    'test-results',
    `backend-${path.basename(process.argv[1] ?? 'e2e', '.mts')}${
      started > 1 ? `-${started}` : ''
    }.log`,
  );
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    'yarn',
    [
      'backstage-cli',
      'package',
      'start',
      '--config',
      '../../app-config.yaml',
      ...(options.production
        ? ['--config', '../../app-config.production.yaml']
        : []),
      '--config',
      configFile,
      ...configFiles.flatMap(file => ['--config', file]),
    ],
    {
      cwd: path.join(repoRoot, 'packages/backend'),
      // Its own process group, so that stop() ends the CLI and the backend it forks.
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        ...options.env,
        NODE_ENV: options.production ? 'production' : 'development',
      },
    },
  );
  // A process killed by a signal has a signalCode and no exitCode.
  const ended = () =>
    child.exitCode !== null ||
    child.signalCode !== null ||
    child.pid === undefined;
  const stop = async () => {
    if (ended()) return;
    const exited = new Promise(r => child.once('exit', r));
    process.kill(-child.pid!, 'SIGTERM');
    const timeout = setTimeout(
      () => process.kill(-child.pid!, 'SIGKILL'),
      10_000,
    );
    await exited;
    clearTimeout(timeout);
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  const kill = async () => {
    if (ended()) return;
    const exited = new Promise(r => child.once('exit', r));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  try {
    await waitForReady(baseUrl, child, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    baseUrl,
    processGroup: child.pid!,
    serviceToken,
    logFile,
    stop,
    kill,
  };
}

/** A user token for the guest provider's user, as the sign-in page obtains it. */
export async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

/** Signs in as a catalog User through the development-only provider; answers the token. */
export async function developmentToken(
  baseUrl: string,
  userRef: string,
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/development/refresh`, {
    headers: { 'x-ekyc-development-user': userRef },
  });
  if (!res.ok) {
    throw new Error(
      `signing in as ${userRef} failed: ${res.status} ${await res.text()}`,
    );
  }
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

/** Waits until the catalog holds the repo's templates (its first ingestion). */
export async function waitForTemplates(baseUrl: string, token: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await fetch(
      `${baseUrl}/api/catalog/entities/by-query?filter=kind=template&limit=20`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (
      res.ok &&
      ((await res.json()) as { items: unknown[] }).items.length >= 3
    )
      return;
    if (Date.now() > deadline) throw new Error('templates not in the catalog');
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}
