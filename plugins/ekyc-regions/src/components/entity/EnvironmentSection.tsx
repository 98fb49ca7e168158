import { entityAnnotations } from '@internal/ekyc-domain';
import { Box, Typography } from '@material-ui/core';
import { EmptyState } from '@backstage/core-components';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CountriesResponse,
  RegionsResponse,
  SourceError,
} from '@internal/plugin-ekyc-regions-common';
import { CountriesTable } from '../countries/CountriesTable';
import { RegionCardGrid } from '../regions/RegionCardGrid';
import { BackendAnswer } from '../shared/BackendAnswer';
import { regionsRunning, servedCountriesOf } from './environmentOfEntity';

// Both answers usually come from one snapshot, so they report the same failed sources.
function distinctErrors(errors: SourceError[]): SourceError[] {
  const seen = new Set<string>();
  return errors.filter(error => {
    const key = JSON.stringify([error.source, error.name, error.error]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function EnvironmentView({
  entity,
  regions,
  countries,
}: {
  entity: Entity;
  regions: RegionsResponse;
  countries: CountriesResponse;
}) {
  const entityRef = stringifyEntityRef(entity);
  const running = regionsRunning(regions.regions, entityRef);
  const served = servedCountriesOf(entity, entityRef, running);
  return (
    <>
      <Typography variant="h6" component="h2">
        Site
      </Typography>
      {running.length ? (
        <RegionCardGrid regions={running} />
      ) : (
        <EmptyState
          missing="data"
          title="No site lists this environment"
          description={`No region or sovereign site the backend found lists ${entityRef}: give it an ${entityAnnotations.site} annotation (a sovereign site) or ${entityAnnotations.region} (a cloud region).`}
        />
      )}
      <Box mt={3}>
        <Typography variant="h6" component="h2">
          Countries it serves
        </Typography>
        {served.length ? (
          <CountriesTable
            countries={countries.countries.filter(country =>
              served.includes(country.country),
            )}
          />
        ) : (
          <Typography variant="body2" color="textSecondary">
            Serves no country: neither its stack’s outputs nor its{' '}
            {entityAnnotations.servesCountries} annotation name one.
          </Typography>
        )}
      </Box>
    </>
  );
}

/** An environment Resource: the site it runs on and the countries whose data it holds. */
export function EnvironmentSection({ entity }: { entity: Entity }) {
  return (
    <BackendAnswer
      read={async api => {
        const [regions, countries] = await Promise.all([
          api.getRegions(),
          api.getCountries(),
        ]);
        return {
          generatedAt: regions.generatedAt,
          errors: distinctErrors([...regions.errors, ...countries.errors]),
          regions,
          countries,
        };
      }}
    >
      {({ regions, countries }) => (
        <EnvironmentView
          entity={entity}
          regions={regions}
          countries={countries}
        />
      )}
    </BackendAnswer>
  );
}
