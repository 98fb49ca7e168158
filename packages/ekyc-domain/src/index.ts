/**
 * The eKYC domain, for the browser and Node alike: the environment spec, the residency
 * rules and their checker, the vocabulary (labels, annotations, tags, metric names) and
 * the stack-output contract. No Pulumi, no Node-only APIs.
 *
 * @packageDocumentation
 */
export { InfraError } from './errors';
export type { InfraErrorKind } from './errors';
export {
  cloudRegionCountry,
  countryOfLocation,
  describeLocation,
  locationOfTagValue,
  locationTagValue,
  servedCountryCodes,
} from './residency/locations';
export type { CountryCode, DataLocation } from './residency/locations';
export {
  describeAllowedLocations,
  isLocationAllowed,
  residencyRules,
} from './residency/rules';
export type { AllowedLocation, ResidencyRule } from './residency/rules';
export { checkResidency } from './residency/checkResidency';
export type { DataStore, ResidencyViolation } from './residency/checkResidency';
export {
  dataLocationSchema,
  dataStoresOf,
  environmentSpecJsonSchema,
  environmentSpecSchema,
  locationOf,
} from './spec/environmentSpec';
export type {
  EnvironmentSpec,
  EnvironmentSpecInput,
  RegionSpec,
  SovereignSiteSpec,
} from './spec/environmentSpec';
export { dataStoresOfPlacement } from './spec/dataStores';
export type { DataPlacement } from './spec/dataStores';
export {
  awsGpuInstanceTypeFor,
  awsGpuInstanceTypes,
  gpuProducts,
  gpusPerNodeChoices,
} from './spec/gpu';
export type { GpuProduct, GpusPerNode } from './spec/gpu';
export {
  describeIssue,
  parseEnvironmentSpec,
  parseEnvironmentSpecYaml,
  SpecValidationError,
} from './spec/parseSpec';
export {
  checkCountryEdges,
  checkTopology,
  edgesOf,
  topologyEdgeKinds,
} from './topology/checkTopology';
export type {
  CountryPlacement,
  TopologyEdge,
  TopologyEdgeKind,
  TopologyViolation,
} from './topology/checkTopology';
export { checkEnvironmentInTopology } from './topology/environmentInTopology';
export type { TopologyProblem } from './topology/environmentInTopology';
export {
  endpointRecordName,
  environmentOfEndpointRecord,
} from './topology/routingNames';
export { parseTopologySpec, topologySpecSchema } from './topology/topologySpec';
export type { TopologySpec } from './topology/topologySpec';
export type { SpecIssue } from './spec/parseSpec';
export {
  auroraOutputSchema,
  environmentOutputsSchema,
  stackDataLocation,
  vpnTunnelOutputSchema,
} from './stackOutputs';
export type {
  AuroraOutput,
  EnvironmentOutputs,
  StackDataLocation,
  VpnTunnelOutput,
} from './stackOutputs';
export {
  awsTags,
  clusterEntityAnnotations,
  clusterEntityType,
  entityAnnotations,
  gpuResource,
  gpuUtilisationMetric,
  imageProcessingHistogram,
  imageProcessingInflightGauge,
  imageProcessingLabels,
  imageProcessingStages,
  networkLinkAnnotations,
  networkLinkEntityType,
  nodeLabels,
  nodeTaints,
  objectLabels,
  topologyEntityType,
  podAnnotations,
  pulumiProjectName,
  topologyProjectName,
} from './vocabulary/vocabulary';
export { formatCountryList, parseCountryList } from './vocabulary/countryList';
export {
  environmentEntityOf,
  environmentEntityRef,
  environmentEntityTypes,
} from './catalog/environmentEntity';
export {
  clusterEntityOf,
  clusterPlaceOfEntity,
  ownClusterEntityOf,
  ownClusterName,
  ownClusterOutputSchema,
} from './catalog/clusterEntity';
export type { ClusterConnection } from './catalog/clusterEntity';
export {
  networkLinkEntityOf,
  networkLinkName,
  networkLinkOfEntity,
} from './catalog/networkLinkEntity';
export type { NetworkLink } from './catalog/networkLinkEntity';
export {
  checkClusterOfSpec,
  clusterPlacementProblem,
  clusterPlaceSchema,
  clustersAllowedFor,
  describeClusterPlace,
  placeOfSpec,
} from './places/clusters';
export { siteNodeLabels } from './places/siteNodes';
export type {
  ClusterPlace,
  ClusterPlacementRefusal,
  EnvironmentPlace,
} from './places/clusters';
export {
  topologyEntityOf,
  topologyEntitySpecSchema,
} from './catalog/topologyEntity';
export type { TopologyEntitySpec } from './catalog/topologyEntity';
