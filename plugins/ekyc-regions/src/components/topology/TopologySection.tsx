import { Box, Typography } from '@material-ui/core';
import { BackendAnswer } from '../shared/BackendAnswer';
import { LinksTable } from './LinksTable';
import { TopologyTable } from './TopologyTable';

/**
 * Every topology of the catalog, each country's routes judged edge by edge, and the
 * links joining sites to their hubs.
 */
export function TopologySection() {
  return (
    <BackendAnswer read={api => api.getTopology()}>
      {response => (
        <>
          {response.topologies.length ? (
            response.topologies.map(topology => (
              <TopologyTable key={topology.entityRef} topology={topology} />
            ))
          ) : (
            <Typography variant="body2">
              No topology in the catalog: register one (ekyc-infra validate
              topology.yaml --json gives its entity).
            </Typography>
          )}
          <Box mt={3}>
            {response.links.length ? (
              <LinksTable links={response.links} />
            ) : (
              <Typography variant="body2">
                No link between a site and a hub in the catalog: a sovereign
                site created with a hub registers its own.
              </Typography>
            )}
          </Box>
        </>
      )}
    </BackendAnswer>
  );
}
