import { nodeLabels, objectLabels } from '@internal/ekyc-domain';
import { ResidencyFinding } from '@internal/plugin-ekyc-regions-common';
import { ClusterFleet } from '../sources/kubernetesFleet';

/** The cluster's own agents, which its operator runs on every node. */
const clusterSystemNamespaces = new Set(['kube-system']);

/**
 * Pods on a sovereign site's nodes that are not the site's own (no ekyc.io/site label of
 * that site): a site's nodes are its alone, so each is a residency finding of the site,
 * keyed by site id.
 */
export function foreignWorkloads(
  fleet: ClusterFleet,
): Map<string, ResidencyFinding[]> {
  const siteOfNode = new Map(
    fleet.nodes
      .filter(node => node.labels[nodeLabels.siteKind] === 'sovereign-site')
      .flatMap(node => {
        const site = node.labels[nodeLabels.site];
        return site ? [[node.name, site] as const] : [];
      }),
  );
  const findings = new Map<string, ResidencyFinding[]>();
  for (const pod of fleet.pods) {
    const site = pod.nodeName && siteOfNode.get(pod.nodeName);
    if (!site || clusterSystemNamespaces.has(pod.namespace)) continue;
    if (pod.labels[objectLabels.site] === site) continue;
    const subject = `${fleet.cluster}/${pod.namespace}/${pod.name}`;
    const list = findings.get(site) ?? [];
    list.push({
      kind: 'foreign-workload',
      subject,
      message: `${subject} runs on node ${pod.nodeName} of sovereign site ${site} but is not the site's workload (no ${objectLabels.site}=${site} label): a site's nodes are its alone; move it off and check the nodes' ${nodeLabels.site} taint`,
    });
    findings.set(site, list);
  }
  return findings;
}
