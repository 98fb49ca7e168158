import {
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { describeLocation, TopologyEdgeKind } from '@internal/ekyc-domain';
import {
  CountryRouteView,
  TopologyView,
} from '@internal/plugin-ekyc-regions-common';
import { VerdictChip } from '../shared/VerdictChip';

const edgeWords: Record<TopologyEdgeKind, string> = {
  serves: 'served from',
  replica: 'database replica',
  failover: 'fails over to',
  secondary: 'global secondary',
  accelerator: 'Global Accelerator region',
};

function EdgeList({ route }: { route: CountryRouteView }) {
  if (!route.edges.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nowhere else
      </Typography>
    );
  }
  return (
    <ul>
      {route.edges.map(edge => (
        <li key={`${edge.kind}:${edge.to}:${describeLocation(edge.location)}`}>
          <Typography
            variant="body2"
            color={edge.allowed ? 'textPrimary' : 'error'}
          >
            {`${edge.allowed ? '✓' : '✗'} ${edgeWords[edge.kind]} ${
              edge.kind === 'replica' ? '' : `${edge.to}, `
            }${describeLocation(edge.location)}`}
          </Typography>
          {edge.message && (
            <Typography variant="caption" color="error">
              {edge.message}
            </Typography>
          )}
        </li>
      ))}
    </ul>
  );
}

function RouteRow({ route }: { route: CountryRouteView }) {
  return (
    <TableRow>
      <TableCell>
        <Typography variant="body2">
          {route.countryName
            ? `${route.countryName} (${route.country})`
            : route.country}
        </Typography>
        {route.rule && (
          <Typography variant="caption" color="textSecondary">
            {route.rule}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <Typography variant="body2">{route.primary}</Typography>
      </TableCell>
      <TableCell>
        <Typography variant="body2">
          {route.failover.length
            ? `${route.failover.join(' → ')} (${route.routing})`
            : 'None'}
        </Typography>
      </TableCell>
      <TableCell>
        <EdgeList route={route} />
      </TableCell>
      <TableCell>
        <VerdictChip verdict={route.verdict} />
      </TableCell>
    </TableRow>
  );
}

/** Per country: where its users are served from, where they fail over, where its data goes. */
export function TopologyTable({ topology }: { topology: TopologyView }) {
  return (
    <TableContainer component={Paper}>
      <Typography variant="h6" component="h2">
        {topology.title ?? topology.entityRef}
      </Typography>
      {topology.trafficDials && (
        <Typography variant="body2">
          {`Global Accelerator: ${Object.entries(topology.trafficDials)
            .map(([id, dial]) => `${id} ${dial}%`)
            .join(', ')}`}
        </Typography>
      )}
      <Table size="small" aria-label={`Routes of ${topology.entityRef}`}>
        <TableHead>
          <TableRow>
            <TableCell>Country</TableCell>
            <TableCell>Served from</TableCell>
            <TableCell>Fails over to</TableCell>
            <TableCell>Its data travels to</TableCell>
            <TableCell>Verdict</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {topology.countries.map(route => (
            <RouteRow key={route.country} route={route} />
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
