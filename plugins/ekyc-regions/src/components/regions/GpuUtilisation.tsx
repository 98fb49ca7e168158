import { Box, LinearProgress, Typography } from '@material-ui/core';
import { UtilisationFigures } from '@internal/plugin-ekyc-regions-common';
import { formatPercent } from '../shared/format';

/** The mean DCGM utilisation over the site's reporting GPUs. */
export function GpuUtilisation({
  utilisation,
}: {
  utilisation: UtilisationFigures;
}) {
  if (utilisation.averagePercent === null) {
    return (
      <Typography variant="body2" color="textSecondary">
        No GPU at this site reports DCGM utilisation.
      </Typography>
    );
  }
  return (
    <Box>
      <Typography variant="body2">
        {`Utilisation ${formatPercent(utilisation.averagePercent)}`} (mean of{' '}
        {utilisation.nodes.length} node
        {utilisation.nodes.length === 1 ? '' : 's'})
      </Typography>
      <LinearProgress
        variant="determinate"
        color="secondary"
        value={Math.min(100, utilisation.averagePercent)}
        aria-label="GPU utilisation"
      />
    </Box>
  );
}
