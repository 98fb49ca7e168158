import {
  countryOfLocation,
  DataLocation,
  DataLocationEvidence,
  siteNodeLabels,
} from '@internal/plugin-ekyc-regions-common';
import {
  dataStoreAnnotation,
  holdsDataOfAnnotation,
} from '@internal/infra-automation';
import { ClusterFleet, FleetNode } from '../sources/kubernetesFleet';

/** Where a node is: its sovereign site, or its cloud region; undefined if unlabelled. */
export function locationOfNode(node: FleetNode): DataLocation | undefined {
  const { labels } = node;
  if (labels[siteNodeLabels.siteKind] === 'sovereign-site') {
    const country = labels[siteNodeLabels.country];
    const site = labels[siteNodeLabels.site];
    return country && site
      ? { type: 'sovereign-site', country, site }
      : undefined;
  }
  const region = labels[siteNodeLabels.region];
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
    const store = pod.annotations[dataStoreAnnotation];
    if (!store || !pod.nodeName) continue;
    const subject = `${fleet.cluster}/${pod.namespace}/${pod.name}`;
    const node = nodes.get(pod.nodeName);
    const location = node && locationOfNode(node);
    if (!location) {
      unplaced.push(
        `${subject} runs on node ${pod.nodeName}, which has neither ${siteNodeLabels.site} with ${siteNodeLabels.siteKind} nor ${siteNodeLabels.region}`,
      );
      continue;
    }
    evidence.push({
      store,
      location,
      locationCountry: countryOfLocation(location),
      holdsDataOf: (pod.annotations[holdsDataOfAnnotation] ?? '')
        .split(/\s+/)
        .filter(Boolean),
      source: 'cluster',
      subject,
    });
  }
  return { evidence, unplaced };
}
