import { useEffect, useState } from 'react';
import {
  ApiHolder,
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  ClusterPlace,
  clusterPlacementProblem,
  describeClusterPlace,
  EnvironmentPlace,
} from '@internal/ekyc-domain';
import {
  ClustersResponse,
  clustersRoute,
} from '@internal/plugin-ekyc-regions-common';
import {
  readScaffolderRoute,
  readScaffolderRouteWith,
} from '../scaffolderRoute';
import { ResidencySelect } from './ResidencySelect';

/** The form's fields that say where the environment is. */
interface PlaceFields {
  country?: string;
  site?: string;
  region?: string;
  target?: string;
}

function placeOfForm(form: PlaceFields): EnvironmentPlace | undefined {
  if (form.country) {
    return { kind: 'sovereign-site', country: form.country, site: form.site };
  }
  return form.region ? { kind: 'region', region: form.region } : undefined;
}

/** A region on target aws creates its own cluster, which registers itself. */
const createsItsOwn = (form: PlaceFields) =>
  !form.country && form.target === 'aws';

const what = 'the registered clusters';

const fetchClusters = async (
  discovery: Parameters<typeof readScaffolderRoute>[0],
  fetcher: Parameters<typeof readScaffolderRoute>[1],
) =>
  (
    await readScaffolderRoute<ClustersResponse>(
      discovery,
      fetcher,
      clustersRoute,
      what,
    )
  ).clusters;

const clustersOf = async (apis: ApiHolder) =>
  (await readScaffolderRouteWith<ClustersResponse>(apis, clustersRoute, what))
    .clusters;

/** The registered clusters the form's place allows, each with where it is. */
function ClusterSelect(field: FieldExtensionComponentProps<string>) {
  const discovery = useApi(discoveryApiRef);
  const fetcher = useApi(fetchApiRef);
  const [clusters, setClusters] = useState<ClusterPlace[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    fetchClusters(discovery, fetcher).then(setClusters, e =>
      setError(String(e.message ?? e)),
    );
  }, [discovery, fetcher]);
  const form = (field.formContext?.formData ?? {}) as PlaceFields;
  const place = placeOfForm(form);
  if (createsItsOwn(form)) {
    return (
      <ResidencySelect
        field={field}
        defaultLabel="Cluster"
        options={[]}
        note="Target aws creates the region's own EKS cluster, which registers itself: no cluster to choose."
      />
    );
  }
  const allowed = (clusters ?? []).filter(
    cluster => place && !clusterPlacementProblem(place, cluster),
  );
  let note: string | undefined;
  if (error) note = error;
  else if (!place) note = 'Choose the country or region first.';
  else if (clusters && !allowed.length) {
    note = `No registered cluster may take it: register one in ${
      place.kind === 'region' ? place.region : place.country
    }.`;
  }
  return (
    <ResidencySelect
      field={field}
      defaultLabel="Cluster"
      options={allowed.map(cluster => ({
        value: cluster.name,
        label: `${cluster.title ?? cluster.name} — ${describeClusterPlace(
          cluster,
        )}`,
      }))}
      note={note}
    />
  );
}

/**
 * The cluster an environment runs on: offers the registered clusters its place allows (a
 * sovereign site's only in its country), each with where it is; a cluster the place does
 * not allow is refused with the rule.
 */
export const clusterField = createFormField({
  name: 'EkycCluster',
  component: ClusterSelect,
  validation: async (value, validation, context) => {
    const form = context.formData as PlaceFields;
    if (createsItsOwn(form)) {
      if (value) {
        validation.addError(
          "target aws creates the region's own EKS cluster: leave the cluster empty",
        );
      }
      return;
    }
    if (!value) {
      validation.addError('choose the cluster it runs on');
      return;
    }
    const place = placeOfForm(form);
    const cluster = (await clustersOf(context.apiHolder)).find(
      c => c.name === value,
    );
    if (!cluster) {
      validation.addError(`no registered cluster is named ${value}`);
      return;
    }
    const problem = place && clusterPlacementProblem(place, cluster);
    if (problem) validation.addError(problem);
  },
});
