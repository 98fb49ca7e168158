import { Typography } from '@material-ui/core';
import { BackendAnswer } from '../shared/BackendAnswer';
import { TopologyTable } from './TopologyTable';

/** Every topology of the catalog, each country's routes judged edge by edge. */
export function TopologySection() {
  return (
    <BackendAnswer read={api => api.getTopology()}>
      {response =>
        response.topologies.length ? (
          <>
            {response.topologies.map(topology => (
              <TopologyTable key={topology.entityRef} topology={topology} />
            ))}
          </>
        ) : (
          <Typography variant="body2">
            No topology in the catalog: register one (ekyc-infra validate
            topology.yaml --json gives its entity).
          </Typography>
        )
      }
    </BackendAnswer>
  );
}
