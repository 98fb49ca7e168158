import { EnvironmentSpec, pulumiProjectName } from '@internal/ekyc-domain';

/**
 * The catalog entity of an environment: namespace = the Pulumi project, name = the
 * stack, so that every stack has its own entity and none collide.
 */
export function environmentEntityRef(spec: Pick<EnvironmentSpec, 'id'>) {
  return { kind: 'Resource', namespace: pulumiProjectName, name: spec.id };
}
