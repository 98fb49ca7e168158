import { stackNameOf, stackProjectsOf } from './stackNames';

describe('stackNameOf', () => {
  const projects = stackProjectsOf({});

  it("puts a topology's routing in a project of its own, named by the topology's id", () => {
    expect(
      stackNameOf({ kind: 'topology', id: 'ekyc-global' }, projects),
    ).toEqual({
      projectName: 'ekyc-topologies',
      stackName: 'ekyc-global',
      ref: 'ekyc-topologies/ekyc-global',
    });
  });

  it("names an environment's stack by its id in the environments' project, read by id alone too", () => {
    expect(
      stackNameOf({ kind: 'region', id: 'us-east-1-primary' }, projects).ref,
    ).toBe('ekyc-environments/us-east-1-primary');
    expect(stackNameOf({ id: 'bd-dhaka-1' }, projects).ref).toBe(
      'ekyc-environments/bd-dhaka-1',
    );
  });

  it("takes the runner's own projects where it was given them", () => {
    expect(
      stackNameOf(
        { kind: 'topology', id: 'ekyc-global' },
        stackProjectsOf({ projectName: 'envs', topologyProjectName: 'routes' }),
      ).ref,
    ).toBe('routes/ekyc-global');
  });
});
