import { Box, Button, Typography } from '@material-ui/core';
import { WarningPanel } from '@backstage/core-components';
import { SourceError } from '@internal/plugin-ekyc-regions-common';

/** When the figures were read, a refresh, and the sources that could not be read. */
export function ResponseHeader({
  generatedAt,
  errors,
  refreshing,
  onRefresh,
}: {
  generatedAt: string;
  errors: SourceError[];
  refreshing: boolean;
  onRefresh(): void;
}) {
  return (
    <Box mb={2}>
      <Box display="flex" alignItems="center" mb={1}>
        <Typography variant="body2" color="textSecondary" title={generatedAt}>
          Figures as of {new Date(generatedAt).toLocaleString()}
        </Typography>
        <Box ml={2}>
          <Button
            size="small"
            variant="outlined"
            disabled={refreshing}
            onClick={onRefresh}
          >
            {refreshing ? 'Refreshing…' : 'Refresh'}
          </Button>
        </Box>
      </Box>
      {errors.length > 0 && (
        <WarningPanel
          severity="warning"
          title={`Could not read ${errors.length} source${
            errors.length === 1 ? '' : 's'
          }: the figures that depend on ${
            errors.length === 1 ? 'it' : 'them'
          } are marked unavailable`}
          defaultExpanded
        >
          <ul>
            {errors.map((error, index) => (
              // A cluster can fail more than once in one read (one error per unplaced store).
              <li key={`${index}:${error.source}:${error.name}`}>
                <Typography variant="body2">
                  {`${error.source} ${error.name}: ${error.error}`}
                </Typography>
              </li>
            ))}
          </ul>
        </WarningPanel>
      )}
    </Box>
  );
}
