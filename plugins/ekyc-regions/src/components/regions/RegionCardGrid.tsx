import { Grid } from '@material-ui/core';
import { RegionView } from '@internal/plugin-ekyc-regions-common';
import { RegionCard } from './RegionCard';

export function RegionCardGrid({ regions }: { regions: RegionView[] }) {
  return (
    <Grid container spacing={3} alignItems="stretch">
      {regions.map(region => (
        <Grid item xs={12} lg={6} key={region.id}>
          <RegionCard region={region} />
        </Grid>
      ))}
    </Grid>
  );
}
