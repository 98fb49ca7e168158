export { awsTarget, awsTopologyTarget } from './awsTarget';
export type { AwsTargetOptions } from './awsTarget';
export type { AwsAccountProblem } from './awsPreflight';
export {
  awsAccountProblems,
  awsPreflightProblems,
  awsProviderVersion,
} from './awsPreflight';
export { awsRegionProgram, globalDatabaseId } from './regionProgram';
export type { AwsRegionOptions } from './regionProgram';
export {
  amazonSideAsn,
  awsSovereignSiteProgram,
  hubNetworkOf,
} from './sovereignSiteProgram';
export type { AwsSiteOptions } from './sovereignSiteProgram';
export { cidrsOverlap, regionVpcCidrs } from './networkPlan';
export { environmentTags } from './tagsOf';
export { topologyProgram } from './topologyProgram';
export type { TopologyOptions } from './topologyProgram';
export {
  globalDatabaseState,
  promoteSecondary,
  rdsClientOf,
} from './promoteSecondary';
export type {
  Promotion,
  PromotionMode,
  PromotionResult,
} from './promoteSecondary';
