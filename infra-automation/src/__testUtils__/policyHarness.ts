import {
  PolicyPackArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
  unknownCheckingProxy,
} from '@pulumi/policy';
import { ekycPolicies } from '../policy';
import { RecordedResource } from './pulumiMocks';

export interface Violation {
  policy: string;
  resource?: string;
  message: string;
}

/**
 * Applies the ekyc-guardrails policies to recorded resources the way the policy host
 * does: each resource's inputs behind @pulumi/policy's unknown-checking proxy, with its
 * provider, then the whole stack; config is each policy's schema defaults merged with
 * `config`.
 */
export async function applyPolicies(
  resources: RecordedResource[],
  config: Record<string, Record<string, unknown>> = {},
  policies: PolicyPackArgs['policies'] = ekycPolicies,
): Promise<Violation[]> {
  const violations: Violation[] = [];
  const providers = new Map(
    resources
      .filter(r => r.type.startsWith('pulumi:providers:'))
      .map(r => [
        r.urn,
        { type: r.type, props: r.inputs, urn: r.urn, name: r.name },
      ]),
  );
  const view = (r: RecordedResource, props: Record<string, any>) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: unknownCheckingProxy(props),
    provider: r.providerUrn ? (providers.get(r.providerUrn) as any) : undefined,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      additionalSecretOutputs: [],
    } as any,
  });
  for (const policy of policies) {
    const report = (resourceName?: string) => (message: string) =>
      violations.push({ policy: policy.name, resource: resourceName, message });
    const getConfig = () => config[policy.name] ?? {};
    const validateResource = (policy as ResourceValidationPolicy)
      .validateResource;
    if (validateResource) {
      for (const resource of resources) {
        if (resource.type.startsWith('pulumi:')) continue;
        const args = {
          ...view(resource, resource.inputs),
          stackTags: new Map(),
          getConfig,
          isType: () => false,
          asType: () => undefined,
          notApplicable: () => {
            throw new Error('not applicable');
          },
        } as any;
        for (const validate of [validateResource].flat()) {
          await validate(args, report(resource.name));
        }
      }
    }
    const validateStack = (policy as StackValidationPolicy).validateStack;
    if (validateStack) {
      const stackResources = resources
        .filter(r => !r.type.startsWith('pulumi:'))
        .map(r => ({
          ...view(r, { ...r.state, id: r.id }),
          dependencies: [],
          propertyDependencies: {},
        }));
      await validateStack(
        { resources: stackResources, getConfig } as any,
        (message: string, urn?: string) =>
          violations.push({
            policy: policy.name,
            resource: urn?.split('::').pop(),
            message,
          }),
      );
    }
  }
  return violations;
}
