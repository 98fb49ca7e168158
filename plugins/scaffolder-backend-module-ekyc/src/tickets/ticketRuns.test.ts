import { Knex } from 'knex';
import { inMemorySqlite } from '../__testUtils__/inMemorySqlite';
import { ScaffolderTasks } from './scaffolderTasks';
import { startTicketRun, TicketApproval } from './ticketRuns';
import { TicketStore } from './ticketStore';

const ticket = 'https://github.com/ekyc/platform-requests/issues/31';
const approval: TicketApproval = {
  requestedBy: 'user:default/tanvir.hossain',
  approvedBy: 'user:default/amira.rahman',
  basis: `ticket ${ticket}, form sha256:0`,
};

/** The scaffolder's task list as the runs leave it (the scaffolder is not started here). */
function recordedTasks() {
  const statuses = new Map<string, string>();
  const tasks: ScaffolderTasks = {
    start: async () => {
      const id = `task-${statuses.size + 1}`;
      statuses.set(id, 'processing');
      return id;
    },
    status: async id => statuses.get(id) ?? 'unknown',
    result: async () => {
      throw new Error('not reported in this test');
    },
    dryRun: async () => {
      throw new Error('not run dry in this test');
    },
  };
  const granted: Array<{ taskId: string } & TicketApproval> = [];
  const grantApproval = async (taskId: string, given: TicketApproval) => {
    granted.push({ taskId, ...given });
  };
  return { deps: { tasks, grantApproval }, statuses, granted };
}

describe('startTicketRun (real SQLite store)', () => {
  let db: Knex;
  let store: TicketStore;

  beforeEach(async () => {
    db = inMemorySqlite();
    store = await TicketStore.create(db);
  });

  afterEach(() => db.destroy());

  it('starts one run while it goes, another after it failed, none after it completed', async () => {
    const { deps, statuses, granted } = recordedTasks();
    const run = () =>
      startTicketRun(
        { store, ...deps },
        ticket,
        'sovereign-site',
        {},
        approval,
      );
    expect(await run()).toBe('task-1');
    expect(await run()).toBeUndefined();
    // Its follower was lost (a restarted replica): the next approval finds it failed.
    statuses.set('task-1', 'failed');
    expect(await run()).toBe('task-2');
    statuses.set('task-2', 'completed');
    expect(await run()).toBeUndefined();
    // Each started run, and only those, carries the ticket's approval to its plans.
    expect(granted).toEqual([
      { taskId: 'task-1', ...approval },
      { taskId: 'task-2', ...approval },
    ]);
  });

  it('starts one run for approvals that arrive together', async () => {
    const { deps } = recordedTasks();
    const started = await Promise.all(
      [1, 2, 3].map(() =>
        startTicketRun(
          { store, ...deps },
          ticket,
          'sovereign-site',
          {},
          approval,
        ),
      ),
    );
    expect(started.filter(Boolean)).toEqual(['task-1']);
  });
});
