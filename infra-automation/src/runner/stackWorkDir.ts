import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InfraError } from '@internal/ekyc-domain';

/**
 * Where the stacks' settings files live: the given directory, or `workspaces/` inside
 * a `file://` backend's directory; other backends must name one that persists.
 */
export function stackWorkDir(backendUrl: string, workDir?: string): string {
  if (workDir) return workDir;
  if (backendUrl.startsWith('file:///')) {
    return path.join(fileURLToPath(backendUrl), 'workspaces');
  }
  throw new InfraError(
    'validation',
    `the runner needs a workDir for the stack settings when the backend is ${backendUrl}: configure one that persists between operations`,
  );
}
