export { ekycPolicies, policyPackName } from './policies';
export { ekycPolicyPackPath } from './packPath';
export type { CostGuardConfig } from './costGuardPolicy';
export type { ResidencyConfig } from './residencyPolicy';
export type { SecurityConfig } from './securityPolicy';
