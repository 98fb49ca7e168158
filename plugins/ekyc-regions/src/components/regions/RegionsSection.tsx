import { nodeLabels } from '@internal/ekyc-domain';
import { EmptyState } from '@backstage/core-components';
import { BackendAnswer } from '../shared/BackendAnswer';
import { RegionCardGrid } from './RegionCardGrid';

/** Every cloud region and sovereign site, read from the backend. */
export function RegionsSection() {
  return (
    <BackendAnswer read={api => api.getRegions()}>
      {response =>
        response.regions.length ? (
          <RegionCardGrid regions={response.regions} />
        ) : (
          <EmptyState
            missing="data"
            title="No GPU sites found"
            description={`No node carries the ${nodeLabels.site} label and no environment Resource names a site. Configure the clusters in the kubernetes plugin (kubernetes.clusterLocatorMethods), label their GPU nodes with ${nodeLabels.site}, and point ekycRegions.clusters at their Prometheus.`}
          />
        )
      }
    </BackendAnswer>
  );
}
