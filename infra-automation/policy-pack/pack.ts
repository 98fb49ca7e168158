import { PolicyPack } from '@pulumi/policy';
import { ekycPolicies, policyPackName } from '../src/policy';

export const pack = new PolicyPack(policyPackName, { policies: ekycPolicies });
