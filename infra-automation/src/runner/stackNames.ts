import {
  EnvironmentSpec,
  pulumiProjectName,
  TopologySpec,
  topologyProjectName,
} from '@internal/ekyc-domain';

/** What the runner applies: an environment, or a topology's routing between environments. */
export type StackSubject = EnvironmentSpec | TopologySpec;

/** The Pulumi projects the runner's stacks live in. */
export interface StackProjects {
  environments: string;
  topologies: string;
}

/** The projects a runner was given, the domain's where it was given none. */
export function stackProjectsOf(given: {
  projectName?: string;
  topologyProjectName?: string;
}): StackProjects {
  return {
    environments: given.projectName ?? pulumiProjectName,
    topologies: given.topologyProjectName ?? topologyProjectName,
  };
}

/** A stack the runner operates on: `<project>/<stack>`, its name in locks and messages. */
export interface StackName {
  projectName: string;
  stackName: string;
  ref: string;
}

/**
 * The stack of an environment (named by its id in the environments' project) or of a
 * topology's routing (by its id in the topologies' project). A subject without a kind
 * is an environment, as read by id alone.
 */
export function stackNameOf(
  subject: { id: string; kind?: StackSubject['kind'] },
  projects: StackProjects,
): StackName {
  const projectName =
    subject.kind === 'topology' ? projects.topologies : projects.environments;
  return {
    projectName,
    stackName: subject.id,
    ref: `${projectName}/${subject.id}`,
  };
}

/**
 * A stack as a StackReference in another stack's program names it: DIY backends (file,
 * cloud storage, PostgreSQL) hold every stack in the organization `organization`.
 */
export function stackReferenceName(stack: StackName): string {
  return `organization/${stack.ref}`;
}
