import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The URL Pulumi is given for a backend. A file backend writes each blob's metadata in a
 * sidecar (`<file>.attrs`) that it truncates and then writes, where the blob itself is
 * written aside and renamed into place: a process killed in between leaves an empty
 * sidecar, and every later read of the stack fails ("failed to load checkpoint: EOF").
 * Pulumi reads none of that metadata, so a file backend is told not to write it.
 */
export function pulumiBackendUrl(backendUrl: string): string {
  if (!backendUrl.startsWith('file://')) return backendUrl;
  const [location, query = ''] = backendUrl.split('?', 2);
  const params = new URLSearchParams(query);
  params.set('metadata', 'skip');
  return `${location}?${params}`;
}

/**
 * Removes the empty metadata sidecars of a stack that a killed operation left in a file
 * backend before it stopped writing them, so that the stack can be read again.
 */
export async function removeEmptySidecars(
  backendDir: string,
  project: string,
  stack: string,
): Promise<string[]> {
  const dir = path.join(backendDir, '.pulumi', 'stacks', project);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(`${stack}.json`) || !name.endsWith('.attrs')) continue;
    const file = path.join(dir, name);
    const { size } = await fs.stat(file);
    if (size === 0) {
      await fs.rm(file, { force: true });
      removed.push(name);
    }
  }
  return removed;
}
