import { Box, Typography } from '@material-ui/core';
import { useEntity } from '@backstage/plugin-catalog-react';
import { CountriesSection } from '../countries/CountriesSection';
import { RegionsSection } from '../regions/RegionsSection';
import { EnvironmentSection } from './EnvironmentSection';

/**
 * The eKYC regions tab: the whole fleet on the ekyc System, one environment's site and
 * countries on an environment Resource (the tab's filter admits only these).
 */
export function EkycRegionsEntityContent() {
  const { entity } = useEntity();
  if (entity.kind.toLocaleLowerCase('en-US') !== 'system') {
    return <EnvironmentSection entity={entity} />;
  }
  return (
    <>
      <Typography variant="h6" component="h2">
        Regions and sovereign sites
      </Typography>
      <RegionsSection />
      <Box mt={3}>
        <Typography variant="h6" component="h2">
          Countries
        </Typography>
        <CountriesSection />
      </Box>
    </>
  );
}
