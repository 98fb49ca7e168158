// Every action's documented examples, run in order against the test sandbox with the
// real Pulumi CLI: validate, preview (plan kept), up with that plan, outputs, register,
// destroy. The catalog is Backstage's own test double; scripts/test.sh starts the sandbox.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { inMemorySqlite } from '../__testUtils__/inMemorySqlite';
import { parse } from 'yaml';
import {
  readClustersSettings,
  readEnvironmentsSettings,
} from '@internal/infra-automation/settings';
import { portalClusters } from '../clusters/portalClusters';
import { environmentsFromSettings } from '../environments';
import { environmentChangeCheck } from '../environmentPermission';
import { PlanApprovals } from '../approvals/planApprovals';
import { PlanApprovalStore } from '../approvals/planApprovalStore';
import { PlanFileStore } from '../plans/planFileStore';
import { stackReads } from '../approvals/stackReads';
import { createDestroyAction } from './destroy';
import { createOutputsAction } from './outputs';
import { createPreviewAction } from './preview';
import { createRegisterLocalAction } from './registerLocal';
import { createCatalogFilesAction } from './catalogFiles';
import { directoryDestination } from '../entities/entityDestinations';
import { createUpAction } from './up';
import { createValidateAction } from './validate';
import { specReaderOver } from '../__testUtils__/environmentEntities';

// Sized from the measured time with a wide margin (a Pulumi operation on the sandbox takes 12 to 20 s idle and three times that with the two cores shared; tests that run several set their own).
jest.setTimeout(180_000);

const sandboxDir = process.env.EKYC_SANDBOX_DIR!;
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-actions-'));
const config = new ConfigReader({
  ekyc: {
    environments: {
      pulumi: {
        backendUrl: `file://${stateDir}/state`,
        passphrase: 'test-only',
        planDir: `${stateDir}/plans`,
      },
      localCatalogDir: `${stateDir}/catalog`,
    },
    // The sandbox's clusters, as it registers them.
    clusters: parse(
      fs.readFileSync(path.join(sandboxDir, 'clusters.yaml'), 'utf8'),
    ),
  },
});
const settings = readEnvironmentsSettings(config);
const clusters = portalClusters(readClustersSettings(config), async () => []);
const environments = (() => {
  const built = environmentsFromSettings(settings, clusters);
  return () => built;
})();

// The permission service's own decision is tested with the policy; here every
// initiator may change environments.
const mayChange = environmentChangeCheck(
  mockServices.permissions(),
  'members of group:default/platform-team',
);

// Plan approvals on a real SQLite store; the tests decide as a second platform member.
const requester = { ref: 'user:default/karim.hossain' };
const approver = 'user:default/amira.rahman';
const approvalsDb = inMemorySqlite();
const approvals = PlanApprovalStore.create(approvalsDb).then(
  store =>
    new PlanApprovals(
      store,
      {
        environments: [],
        expireAfterMs: 600_000,
        pollMs: 100,
        approvalsUrl: 'http://portal/ekyc-regions/approvals',
      },
      async () => stackReads((await environments()).runnerFor),
      mockServices.auditor.mock(),
      mockServices.logger.mock(),
    ),
);

const planFiles = PlanFileStore.create(approvalsDb);

// No secondary follows the site, and it follows no primary: an empty catalog.
const readSpec = specReaderOver([]);

/** The one pending plan, once its task has recorded it. */
async function pendingPlan() {
  const { records } = await approvals;
  for (;;) {
    const [pending] = await records.pending();
    if (pending) return pending;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

const siteEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'bd-dhaka-1', namespace: 'ekyc-environments' },
  spec: { type: 'ekyc-sovereign-site', owner: 'group:default/ops-bd' },
};

/** The input of an example's only step, with `${{ … }}` references replaced. */
function inputOf(
  action: TemplateAction<any, any>,
  values: Record<string, unknown> = {},
) {
  const [example] = action.examples!;
  let text = example.example;
  for (const [expression, value] of Object.entries(values)) {
    text = text.replace(`\${{ ${expression} }}`, String(value));
  }
  return parse(text).steps[0].input;
}

async function run(
  action: TemplateAction<any, any>,
  input: object,
  { checkpoint, ...extra }: Record<string, any> = {},
) {
  const ctx = createMockActionContext({ input, ...extra });
  if (checkpoint) ctx.checkpoint = checkpoint;
  await action.handler(ctx as any);
  return Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  );
}

afterAll(async () => {
  await approvalsDb.destroy();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('the ekyc:environment:* examples on the sandbox', () => {
  const outputsOf: Record<string, Record<string, any>> = {};

  it('validate: reports where the data stays', async () => {
    const action = createValidateAction(
      mayChange,
      clusters,
      readSpec,
      async () => (await environments()).awsProblems(),
    );
    outputsOf.validate = await run(action, inputOf(action));
    expect(outputsOf.validate.spec).toMatchObject({
      id: 'bd-dhaka-1',
      database: { role: 'primary', backupRetentionDays: 14 },
    });
    expect(outputsOf.validate.dataLocations).toEqual([
      {
        store: 'database',
        location: 'sovereign site bd-dhaka-1 (BD)',
        holdsDataOf: ['BD'],
      },
      {
        store: 'ID images and selfies store',
        location: 'sovereign site bd-dhaka-1 (BD)',
        holdsDataOf: ['BD'],
      },
    ]);
  });

  it('preview: 25 resources to create, plan kept for up and recorded for approval', async () => {
    const action = createPreviewAction(
      environments,
      mayChange,
      await approvals,
      await planFiles,
      readSpec,
    );
    outputsOf.preview = await run(action, inputOf(action), { user: requester });
    expect(outputsOf.preview.changes).toEqual({ create: 25 });
    expect(fs.existsSync(outputsOf.preview.plan)).toBe(true);
    expect(await pendingPlan()).toMatchObject({
      id: outputsOf.preview.approval,
      environmentId: 'bd-dhaka-1',
      operation: 'apply',
      summary: '25 to create',
      requestedBy: requester.ref,
      stackVersion: 0,
    });
  }, 120_000);

  it('up: waits for a second platform member, then applies exactly the approved preview, under a checkpoint, on a replica whose plan directory lacks it', async () => {
    // Another replica's preview saved it: the up finds it in the portal's database.
    fs.rmSync(outputsOf.preview.plan);
    const action = createUpAction(
      environments,
      mayChange,
      await approvals,
      await planFiles,
      readSpec,
    );
    const checkpoint = jest.fn(async ({ fn }) => fn());
    const applying = run(
      action,
      inputOf(action, {
        'steps.preview.output.plan': outputsOf.preview.plan,
      }),
      { checkpoint, user: requester },
    );
    const plan = await pendingPlan();
    await expect(
      (await approvals).decide(plan.id, requester.ref, 'approve'),
    ).rejects.toThrow('another platform member approves it');
    expect(checkpoint).not.toHaveBeenCalled();
    await (await approvals).decide(plan.id, approver, 'approve');
    outputsOf.up = await applying;
    expect((await (await approvals).records.get(plan.id))?.status).toBe(
      'applied',
    );
    expect(checkpoint).toHaveBeenCalledWith(
      expect.objectContaining({ key: 'ekyc-environment-up-bd-dhaka-1' }),
    );
    expect(outputsOf.up.changes).toEqual({ create: 25 });
    expect(outputsOf.up.outputs).toMatchObject({
      environmentId: 'bd-dhaka-1',
      namespace: 'ekyc-bd-dhaka-1',
    });
  }, 180_000);

  it('outputs: reads the stack outputs back', async () => {
    const action = createOutputsAction(environments);
    const { outputs } = await run(action, inputOf(action));
    expect(outputs).toEqual(outputsOf.up.outputs);
  }, 60_000);

  it("catalog-files: writes the entity the domain builds from the spec and the stack's outputs, and the stack config", async () => {
    const action = createCatalogFilesAction(readSpec);
    const workspacePath = fs.mkdtempSync(path.join(stateDir, 'workspace-'));
    const outputs = await run(
      action,
      { ...inputOf(action), outputs: outputsOf.up.outputs },
      { workspacePath },
    );
    // On a registered cluster: no cluster of its own to register; the example names
    // no hub, so no link either.
    expect(outputs).toEqual({
      entityRef: 'resource:ekyc-environments/bd-dhaka-1',
      clusterEntityRef: '',
      linkEntityRef: '',
    });
    const entity = parse(
      fs.readFileSync(
        path.join(workspacePath, 'environment/catalog-info.yaml'),
        'utf8',
      ),
    );
    expect(entity).toMatchObject({
      kind: 'Resource',
      metadata: {
        name: 'bd-dhaka-1',
        namespace: 'ekyc-environments',
        annotations: {
          'pulumi.com/stack': 'ekyc-environments/bd-dhaka-1',
          'ekyc.io/country': 'BD',
          'ekyc.io/site': 'bd-dhaka-1',
          'backstage.io/kubernetes-namespace': 'ekyc-bd-dhaka-1',
          'backstage.io/kubernetes-cluster': 'sandbox-dhaka',
        },
      },
      spec: { type: 'ekyc-sovereign-site', owner: 'group:default/ops-bd' },
    });
    const stackConfig = parse(
      fs.readFileSync(
        path.join(workspacePath, 'environment/Pulumi.bd-dhaka-1.yaml'),
        'utf8',
      ),
    );
    expect(JSON.parse(stackConfig.config['ekyc:spec'])).toMatchObject({
      id: 'bd-dhaka-1',
      country: 'BD',
    });
  });

  it('register-local: copies the entity files and has the catalog read them now', async () => {
    const catalog = catalogServiceMock.mock({ refreshEntity: jest.fn() });
    const action = createRegisterLocalAction(
      directoryDestination(
        settings!.localCatalogDir!,
        catalog,
        mockServices.auth(),
      ),
      mayChange,
    );
    const workspacePath = fs.mkdtempSync(path.join(stateDir, 'workspace-'));
    fs.mkdirSync(path.join(workspacePath, 'environment'));
    fs.writeFileSync(
      path.join(workspacePath, 'environment/catalog-info.yaml'),
      JSON.stringify(siteEntity),
    );
    const outputs = await run(action, inputOf(action), { workspacePath });
    const file = `${stateDir}/catalog/bd-dhaka-1/catalog-info.yaml`;
    expect(outputs).toEqual({
      entityRef: 'resource:ekyc-environments/bd-dhaka-1',
      registeredAt: file,
    });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(siteEntity);
    expect(catalog.refreshEntity).toHaveBeenCalledWith(
      'location:default/ekyc-local-environments',
      expect.anything(),
    );
  });

  it('preview for a new environment: refuses an id whose environment exists, naming it, and changes nothing', async () => {
    const action = createPreviewAction(
      environments,
      mayChange,
      await approvals,
      await planFiles,
      readSpec,
    );
    const outputs = createOutputsAction(environments);
    const before = await run(outputs, inputOf(outputs));
    await expect(
      run(action, { ...inputOf(action), newEnvironment: true }),
    ).rejects.toThrow(
      'id: the environment bd-dhaka-1 exists already, and this template creates new environments only',
    );
    expect(await run(outputs, inputOf(outputs))).toEqual(before);
  });

  it.each([
    ['a path outside the plan directory', '/tmp/../etc/passwd'],
    ["another task's plan", 'other-task-bd-dhaka-1.plan.json'],
  ])(
    'up: refuses %s as its plan, before any Pulumi operation',
    async (_what, plan) => {
      const action = createUpAction(
        environments,
        mayChange,
        await approvals,
        await planFiles,
        readSpec,
      );
      const planPath = plan.startsWith('/')
        ? plan
        : `${stateDir}/plans/${plan}`;
      await expect(
        run(action, inputOf(action, { 'steps.preview.output.plan': planPath })),
      ).rejects.toThrow(/^plan: .* is not the plan this task's preview saved/);
    },
  );

  it('up: refuses a plan file that is a link, even at the expected path', async () => {
    const action = createUpAction(
      environments,
      mayChange,
      await approvals,
      await planFiles,
      readSpec,
    );
    const expected = outputsOf.preview.plan;
    fs.rmSync(expected, { force: true });
    fs.symlinkSync('/etc/hostname', expected);
    await expect(
      run(action, inputOf(action, { 'steps.preview.output.plan': expected })),
    ).rejects.toThrow(/is not a plan file \(missing, or a link\)/);
    fs.rmSync(expected);
  });

  it('register-local: refuses a name that holds another entity, and a link in the files', async () => {
    const catalog = catalogServiceMock.mock({ refreshEntity: jest.fn() });
    const action = createRegisterLocalAction(
      directoryDestination(
        settings!.localCatalogDir!,
        catalog,
        mockServices.auth(),
      ),
      mayChange,
    );
    const workspacePath = fs.mkdtempSync(path.join(stateDir, 'workspace-'));
    fs.mkdirSync(path.join(workspacePath, 'environment'));
    const intruder = {
      ...siteEntity,
      metadata: { ...siteEntity.metadata, name: 'someone-else' },
    };
    fs.writeFileSync(
      path.join(workspacePath, 'environment/catalog-info.yaml'),
      JSON.stringify(intruder),
    );
    await expect(
      run(action, inputOf(action), { workspacePath }),
    ).rejects.toThrow(
      'name: bd-dhaka-1 holds resource:ekyc-environments/bd-dhaka-1 in the local catalog, not resource:ekyc-environments/someone-else; choose another name',
    );
    fs.writeFileSync(
      path.join(workspacePath, 'environment/catalog-info.yaml'),
      JSON.stringify(siteEntity),
    );
    fs.symlinkSync('/etc', path.join(workspacePath, 'environment/etc'));
    await expect(
      run(action, inputOf(action), { workspacePath }),
    ).rejects.toThrow(
      'environment/etc is a symbolic link: the local catalog takes plain files only',
    );
    const file = `${stateDir}/catalog/bd-dhaka-1/catalog-info.yaml`;
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(siteEntity);
    expect(catalog.refreshEntity).not.toHaveBeenCalled();
  });

  it('destroy: refused without confirm, before any approval is asked', async () => {
    const action = createDestroyAction(
      environments,
      mayChange,
      await approvals,
    );
    await expect(
      run(action, { ...inputOf(action), confirm: false }, { user: requester }),
    ).rejects.toThrow('confirm: destroying bd-dhaka-1 deletes it and its data');
    expect(await (await approvals).records.pending()).toEqual([]);
  });

  it('destroy: waits for a second platform member, then deletes the site', async () => {
    const action = createDestroyAction(
      environments,
      mayChange,
      await approvals,
    );
    const destroying = run(action, inputOf(action), { user: requester });
    const plan = await pendingPlan();
    expect(plan).toMatchObject({
      operation: 'destroy',
      summary: expect.stringMatching(
        /^\d+ to delete: every resource of bd-dhaka-1 and its data$/,
      ),
    });
    await expect(
      (await approvals).decide(plan.id, 'User:Karim.Hossain', 'approve'),
    ).rejects.toThrow('another platform member approves it');
    await (await approvals).decide(plan.id, approver, 'approve');
    const { changes } = await destroying;
    expect(changes).toEqual({ delete: 25 });
  }, 180_000);
});
