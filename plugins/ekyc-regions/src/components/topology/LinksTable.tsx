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
import { Link } from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { NetworkLinkView } from '@internal/plugin-ekyc-regions-common';
import { countryLabel } from '../shared/format';

const linkWords = {
  'site-to-site-vpn': 'Site-to-site VPN',
  'direct-connect': 'Direct Connect',
} as const;

const createdByWords = {
  stack: "the site's stack",
  site: "the site's network team",
} as const;

/** The links joining sovereign sites to their hub regions, from the catalog. */
export function LinksTable({ links }: { links: NetworkLinkView[] }) {
  const entityLink = useEntityRefLink();
  return (
    <TableContainer component={Paper}>
      <Typography variant="h6" component="h2">
        Links between sites and hubs
      </Typography>
      <Table size="small" aria-label="Links between sites and hubs">
        <TableHead>
          <TableRow>
            <TableCell>Site</TableCell>
            <TableCell>Hub</TableCell>
            <TableCell>Link</TableCell>
            <TableCell>Run by</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {links.map(link => (
            <TableRow key={link.entityRef}>
              <TableCell>
                <Typography variant="body2">
                  {`${link.site}, ${countryLabel(link.country)}`}
                </Typography>
              </TableCell>
              <TableCell>
                <Typography variant="body2">
                  {`${link.hubEnvironment} (${link.hubRegion})`}
                </Typography>
              </TableCell>
              <TableCell>
                <Link to={entityLink(link.entityRef)}>
                  {linkWords[link.type]}
                </Link>
              </TableCell>
              <TableCell>
                <Typography variant="body2">
                  {createdByWords[link.createdBy]}
                </Typography>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
