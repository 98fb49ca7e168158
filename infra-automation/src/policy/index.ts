export * from './costGuardPolicy';
export * from './dataStores';
export * from './residencyPolicy';
export * from './resourceTypes';
export * from './securityPolicy';
export type { Report } from './report';
export { ekycPolicies, policyPackName } from './policies';
export { ekycPolicyPackPath } from './packPath';
