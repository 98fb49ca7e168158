// Times the sovereign-site template through the real scaffolder (task created → apply
// finished, and → task completed) against the same program applied with the Automation
// API alone, in the same run. Run it through bench/scaffolder-task.sh.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  guestToken,
  repoRoot,
  startPortalBackend,
} from '../e2e/portalBackend.mts';
import { bdSiteForm } from '../e2e/bdSiteForm.mts';

// One run each: the sandbox has room for one BD site at a time besides the baseline's.
const runs = 1;
const sandboxDir = process.env.EKYC_SANDBOX_DIR!;
const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const portal = await startPortalBackend([
    path.join(sandboxDir, 'app-config.sandbox.yaml'),
  ]);
  try {
    const token = await guestToken(portal.baseUrl);
    const api = async (method: string, route: string, body?: unknown) => {
      const res = await fetch(`${portal.baseUrl}/api${route}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!res.ok)
        throw new Error(
          `${method} ${route}: ${res.status} ${await res.text()}`,
        );
      return res.json();
    };
    for (let i = 0; i < 60; i++) {
      const { items } = await api(
        'GET',
        '/catalog/entities/by-query?filter=kind=template',
      );
      if (items.some((t: any) => t.metadata.name === 'sovereign-site')) break;
      await new Promise(r => setTimeout(r, 1000));
    }
    const toApplied: number[] = [];
    const toCompleted: number[] = [];
    const bare: number[] = [];
    for (let run = 1; run <= runs; run++) {
      const started = Date.now();
      const { id } = await api('POST', '/scaffolder/v2/tasks', {
        templateRef: 'template:default/sovereign-site',
        values: bdSiteForm,
      });
      let task: any;
      do {
        await new Promise(r => setTimeout(r, 200));
        task = await api('GET', `/scaffolder/v2/tasks/${id}`);
      } while (!['completed', 'failed', 'cancelled'].includes(task.status));
      if (task.status !== 'completed')
        throw new Error(`task ${id} ${task.status}`);
      const events = await api('GET', `/scaffolder/v2/tasks/${id}/events`);
      const applied = events.find(
        (e: any) => e.body?.message === 'Finished step Apply',
      );
      toApplied.push((Date.parse(applied.createdAt) - started) / 1000);
      toCompleted.push((Date.parse(events.at(-1).createdAt) - started) / 1000);
      bare.push(
        Number(
          execFileSync(
            'node',
            [
              '-r',
              '@backstage/cli/config/nodeTransform.cjs',
              'bench/bareUp.ts',
              `bench-bare-${run}`,
            ],
            { cwd: repoRoot, encoding: 'utf8' },
          ).trim(),
        ),
      );
    }
    const line = (label: string, s: number) =>
      console.log(`${label.padEnd(62)} ${s.toFixed(1).padStart(6)} s`);
    line(`task created → apply finished`, median(toApplied));
    line(
      `task created → task completed, entity registered`,
      median(toCompleted),
    );
    line(`the same program's up, Automation API alone`, median(bare));
    console.log(
      `ratio, task to apply finished / Automation API up: ${(
        median(toApplied) / median(bare)
      ).toFixed(2)}`,
    );
  } finally {
    await portal.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
