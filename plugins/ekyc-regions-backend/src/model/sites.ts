import { nodeLabels } from '@internal/ekyc-domain';
import { ClusterFleet, FleetNode } from '../sources/kubernetesFleet';

/** A site as its nodes describe it, across the clusters that hold them. */
export interface SiteNodes {
  id: string;
  kind: 'region' | 'sovereign-site';
  region?: string;
  country?: string;
  clusters: string[];
  nodes: Array<{ cluster: string; node: FleetNode }>;
}

/** Groups every node labelled ekyc.io/site by that label; unlabelled nodes belong to none. */
export function sitesOfFleets(fleets: ClusterFleet[]): Map<string, SiteNodes> {
  const sites = new Map<string, SiteNodes>();
  for (const { cluster, nodes } of fleets) {
    for (const node of nodes) {
      const id = node.labels[nodeLabels.site];
      if (!id) continue;
      let site = sites.get(id);
      if (!site) {
        site = {
          id,
          kind:
            node.labels[nodeLabels.siteKind] === 'sovereign-site'
              ? 'sovereign-site'
              : 'region',
          region: node.labels[nodeLabels.region],
          country: node.labels[nodeLabels.country],
          clusters: [],
          nodes: [],
        };
        sites.set(id, site);
      }
      if (!site.clusters.includes(cluster)) site.clusters.push(cluster);
      site.nodes.push({ cluster, node });
    }
  }
  return sites;
}
