import {
  describeLocation,
  entityAnnotations,
  VpnTunnelOutput,
} from '@internal/ekyc-domain';
import { Box, Typography } from '@material-ui/core';
import { Link } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { EnvironmentSummary } from '@internal/plugin-ekyc-regions-common';
import { Figure } from '../shared/Figure';
import { countryLabel } from '../shared/format';

/** A site's VPN tunnels as its stack last saw them, each down one with AWS's reason. */
function TunnelStatus({ tunnels }: { tunnels: VpnTunnelOutput[] }) {
  const down = tunnels.filter(tunnel => tunnel.status !== 'UP');
  return (
    <Typography
      variant="caption"
      component="div"
      color={down.length ? 'error' : 'textPrimary'}
    >
      {`VPN tunnels to the hub: ${tunnels.length - down.length} of ${
        tunnels.length
      } up, as of the stack's last up or refresh`}
      {down.map(tunnel => (
        <div key={`${tunnel.vpnConnection}/${tunnel.awsAddress}`}>
          {`${tunnel.vpnConnection} at ${tunnel.awsAddress}: ${tunnel.status}${
            tunnel.statusMessage ? ` (${tunnel.statusMessage})` : ''
          } since ${tunnel.lastStatusChange}`}
        </div>
      ))}
    </Typography>
  );
}

function EnvironmentItem({ environment }: { environment: EnvironmentSummary }) {
  const entityLink = useEntityRefLink();
  const entityPath = entityLink(environment.entityRef);
  const name = environment.title ?? parseEntityRef(environment.entityRef).name;
  return (
    <Box mb={1.5}>
      <Typography variant="body2">
        <Link to={entityPath}>{name}</Link>
        {/* The Kubernetes tab exists only for entities with a kubernetes id. */}
        {environment.kubernetesId && (
          <>
            {' · '}
            <Link to={`${entityPath}/kubernetes`}>Kubernetes</Link>
          </>
        )}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="div">
        {environment.stack
          ? `Stack ${environment.stack}`
          : `No ${entityAnnotations.stack} annotation`}
        {' · Serves '}
        {environment.servesCountries.map(countryLabel).join(', ') ||
          'no country'}
      </Typography>
      <Figure label="Data locations" figures={environment.dataLocations}>
        {locations => (
          <Typography variant="caption" component="div">
            {locations.length
              ? locations
                  .map(
                    item =>
                      `${item.store} at ${describeLocation(item.location)}`,
                  )
                  .join('; ')
              : 'The stack declares no data store.'}
          </Typography>
        )}
      </Figure>
      {environment.tunnels?.length ? (
        <TunnelStatus tunnels={environment.tunnels} />
      ) : null}
    </Box>
  );
}

/** The environment Resources on a site, with links to their entity and Kubernetes tabs. */
export function EnvironmentList({
  environments,
}: {
  environments: EnvironmentSummary[];
}) {
  if (!environments.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No environment Resource names this site ({entityAnnotations.site}, or{' '}
        {entityAnnotations.region} for a cloud region).
      </Typography>
    );
  }
  return (
    <>
      {environments.map(environment => (
        <EnvironmentItem
          key={environment.entityRef}
          environment={environment}
        />
      ))}
    </>
  );
}
