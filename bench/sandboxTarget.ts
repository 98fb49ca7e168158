// Target kubernetes on the bench's sandbox (bench/sandbox.sh starts it): the Pulumi
// deployer's kubeconfig and local volumes for databases.
import fs from 'node:fs';
import path from 'node:path';
import { kubernetesTarget } from '../infra-automation/src/programs';

export const sandboxTarget = () =>
  kubernetesTarget({
    kubeconfig: fs.readFileSync(
      path.join(process.env.EKYC_SANDBOX_DIR!, 'kubeconfig-pulumi'),
      'utf8',
    ),
    storage: { localVolume: { directory: '/var/lib/ekyc/volumes' } },
  });
