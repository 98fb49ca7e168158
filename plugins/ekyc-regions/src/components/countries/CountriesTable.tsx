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
import { CountryView } from '@internal/plugin-ekyc-regions-common';
import { VerdictChip } from '../shared/VerdictChip';
import { ViolationList } from '../shared/ViolationList';
import { EvidenceList } from './EvidenceList';

function CountryRow({ country }: { country: CountryView }) {
  return (
    <TableRow>
      <TableCell>
        <Typography variant="body2">{`${country.countryName} (${country.country})`}</Typography>
        <Typography variant="caption" color="textSecondary">
          {country.servedBy.length
            ? `Served by ${country.servedBy.join(', ')}`
            : 'Served by no site'}
        </Typography>
      </TableCell>
      <TableCell>
        <Typography variant="body2">
          <strong>{country.rule}</strong>
        </Typography>
        <Typography variant="body2">{country.summary}</Typography>
        <Typography variant="caption" color="textSecondary">
          {`Basis: ${country.legalBasis}`}
        </Typography>
      </TableCell>
      <TableCell>
        <Typography variant="body2">{country.allowed.join(', ')}</Typography>
      </TableCell>
      <TableCell>
        <VerdictChip verdict={country.verdict} />
        {country.unavailable.length > 0 && (
          <Typography variant="caption" component="div">
            {`Could not read: ${country.unavailable.join(', ')}`}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <EvidenceList evidence={country.evidence} />
      </TableCell>
      <TableCell>
        {country.violations.length ? (
          <ViolationList violations={country.violations} />
        ) : (
          <Typography variant="body2" color="textSecondary">
            None
          </Typography>
        )}
      </TableCell>
    </TableRow>
  );
}

/** A row per served country: its rule, where its data is, and the verdict. */
export function CountriesTable({ countries }: { countries: CountryView[] }) {
  return (
    <TableContainer component={Paper}>
      <Table size="small" aria-label="Residency per country">
        <TableHead>
          <TableRow>
            <TableCell>Country</TableCell>
            <TableCell>Rule</TableCell>
            <TableCell>Allowed locations</TableCell>
            <TableCell>Verdict</TableCell>
            <TableCell>Evidence</TableCell>
            <TableCell>Violations</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {countries.map(country => (
            <CountryRow key={country.country} country={country} />
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
