import { InfraError } from '@internal/ekyc-domain';
import type { DatabaseStorage } from '../components/kubernetes/localDatabase';

/** "storage-class:<name>" or "local-volume:<absolute directory on the nodes>". */
export function parseDatabaseStorage(value: string): DatabaseStorage {
  const [kind, ...rest] = value.split(':');
  const detail = rest.join(':');
  if (kind === 'local-volume' && detail.startsWith('/')) {
    return { localVolume: { directory: detail } };
  }
  if (kind === 'storage-class' && /^[a-z0-9][a-z0-9.-]*$/.test(detail)) {
    return { storageClassName: detail };
  }
  throw new InfraError(
    'validation',
    `database storage "${value}" must be "storage-class:<name>" or "local-volume:<absolute directory on the nodes>"`,
  );
}
