import {
  countryOfLocation,
  DataLocation,
  nodeLabels,
  parseCountryList,
  podAnnotations,
} from '@internal/ekyc-domain';
import { DataLocationEvidence } from '@internal/plugin-ekyc-regions-common';
import { ClusterFleet, FleetNode } from '../sources/kubernetesFleet';

/** Where a node is: its sovereign site, or its cloud region; undefined if unlabelled. */
export function locationOfNode(node: FleetNode): DataLocation | undefined {
  const { labels } = node;
  if (labels[nodeLabels.siteKind] === 'sovereign-site') {
    const country = labels[nodeLabels.country];
    const site = labels[nodeLabels.site];
    return country && site
      ? { type: 'sovereign-site', country, site }
      : undefined;
  }
  const region = labels[nodeLabels.region];
  return region ? { type: 'cloud-region', region } : undefined;
}

/**
 * Every running data store the cluster holds (pods annotated ekyc.io/data-store), placed
 * where its pod actually runs: evidence that does not trust what was declared.
 */
export function clusterEvidence(fleet: ClusterFleet): {
  evidence: DataLocationEvidence[];
  /** Stores whose node says nothing of where it is. */
  unplaced: string[];
} {
  const nodes = new Map(fleet.nodes.map(node => [node.name, node]));
  const evidence: DataLocationEvidence[] = [];
  const unplaced: string[] = [];
  for (const pod of fleet.pods) {
    const store = pod.annotations[podAnnotations.dataStore];
    if (!store || !pod.nodeName) continue;
    const subject = `${fleet.cluster}/${pod.namespace}/${pod.name}`;
    const node = nodes.get(pod.nodeName);
    const location = node && locationOfNode(node);
    if (!location) {
      unplaced.push(
        `${subject} runs on node ${pod.nodeName}, which has neither ${nodeLabels.site} with ${nodeLabels.siteKind} nor ${nodeLabels.region}`,
      );
      continue;
    }
    evidence.push({
      store,
      location,
      locationCountry: countryOfLocation(location),
      holdsDataOf: parseCountryList(
        pod.annotations[podAnnotations.holdsDataOf],
      ),
      source: 'cluster',
      subject,
    });
  }
  return { evidence, unplaced };
}
