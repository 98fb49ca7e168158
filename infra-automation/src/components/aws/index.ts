export {
  addonCharts,
  ClusterAutoscaler,
  LoadBalancerController,
} from './clusterAddons';
export type {
  ClusterAutoscalerArgs,
  LoadBalancerControllerArgs,
} from './clusterAddons';
export { Database, databasePort } from './database';
export type { DatabaseArgs } from './database';
export { Edge, apiTargetPort } from './edge';
export type { EdgeArgs } from './edge';
export { EgressFirewall } from './egressFirewall';
export { GlobalRouting } from './globalRouting';
export type {
  GlobalRoutingArgs,
  RoutedCountry,
  RoutedEndpoint,
} from './globalRouting';
export type { EgressFirewallArgs } from './egressFirewall';
export { GpuCluster, gpuTaint, splitBySpotShare } from './gpuCluster';
export type { GpuClusterArgs, GpuPoolArgs } from './gpuCluster';
export { HybridLink, tunnelInsideCidr } from './hybridLink';
export type { HubNetwork, HybridLinkArgs, SiteConnection } from './hybridLink';
export { Network } from './network';
export type { NetworkArgs } from './network';
export { ObjectStore } from './objectStore';
export type { ObjectStoreArgs } from './objectStore';
export { PrivateBucket } from './privateBucket';
export {
  auroraInstanceClass,
  auroraInstances,
  availabilityZoneCount,
  generalInstanceType,
  generalNodes,
} from './instanceTypes';
export { noPersonalDataTags, personalDataStoreTags } from './tags';
