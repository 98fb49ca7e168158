import { EnvironmentSpec } from '@internal/infra-automation';
import { projectName } from './environmentsFromConfig';

/**
 * The catalog entity of an environment: namespace = the Pulumi project, name = the
 * stack, so that every stack has its own entity and none collide.
 */
export function environmentEntityRef(spec: Pick<EnvironmentSpec, 'id'>) {
  return { kind: 'Resource', namespace: projectName, name: spec.id };
}

/** Who approved destroying an environment, recorded by a person with rights to. */
export const destroyApprovalAnnotation = 'ekyc.io/destroy-approved-by';
