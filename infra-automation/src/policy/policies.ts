import type {
  Policies,
  PolicyResource,
  ResourceValidationArgs,
} from '@pulumi/policy';
import {
  CostGuardConfig,
  checkCostOf,
  costGuardConfigSchema,
  costGuardDefaults,
} from './costGuardPolicy';
import {
  checkResidencyOf,
  ResidencyConfig,
  residencyConfigSchema,
  residencyDefaults,
} from './residencyPolicy';
import { ResourceView } from './resourceTypes';
import { checkRoutingResidency } from './routingPolicy';
import {
  checkSecurityOf,
  checkStackSecurity,
  SecurityConfig,
  securityConfigSchema,
  securityDefaults,
} from './securityPolicy';

export const policyPackName = 'ekyc-guardrails';

function viewOf(
  resource: ResourceValidationArgs | PolicyResource,
): ResourceView {
  return {
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    props: resource.props,
    provider: resource.provider,
    propertyDependencies:
      'propertyDependencies' in resource
        ? resource.propertyDependencies
        : undefined,
  };
}

/** The policies of the ekyc-guardrails pack, all mandatory unless config lowers them. */
export const ekycPolicies: Policies = [
  {
    name: 'ekyc-residency',
    description:
      'Every store of personal data, replicas included, lies where the rule of each country whose data it holds allows.',
    enforcementLevel: 'mandatory',
    configSchema: residencyConfigSchema,
    validateResource: (args, report) =>
      checkResidencyOf(
        viewOf(args),
        { ...residencyDefaults, ...args.getConfig<Partial<ResidencyConfig>>() },
        report,
      ),
  },
  {
    name: 'ekyc-routing-residency',
    description:
      "Route 53 and Global Accelerator send each country's users, and so their data, only to places the country's rule allows, failovers included.",
    enforcementLevel: 'mandatory',
    validateStack: (args, report) =>
      checkRoutingResidency(args.resources.map(viewOf), report),
  },
  {
    name: 'ekyc-security',
    description:
      'Encryption at rest, no public databases or buckets, a private Kubernetes API, and no ingress from anywhere except the edge.',
    enforcementLevel: 'mandatory',
    configSchema: securityConfigSchema,
    validateResource: (args, report) =>
      checkSecurityOf(
        viewOf(args),
        { ...securityDefaults, ...args.getConfig<Partial<SecurityConfig>>() },
        report,
      ),
  },
  {
    name: 'ekyc-security-stack',
    description:
      'Every bucket has its public access block and KMS encryption; every internet-facing load balancer and CDN has WAF.',
    enforcementLevel: 'mandatory',
    validateStack: (args, report) =>
      checkStackSecurity(args.resources.map(viewOf), report),
  },
  {
    name: 'ekyc-cost-guard',
    description:
      'GPU node groups use allowed instance types and stay under node ceilings; namespaces under a GPU ceiling.',
    enforcementLevel: 'mandatory',
    configSchema: costGuardConfigSchema,
    validateResource: (args, report) =>
      checkCostOf(
        viewOf(args),
        { ...costGuardDefaults, ...args.getConfig<Partial<CostGuardConfig>>() },
        report,
      ),
  },
];
