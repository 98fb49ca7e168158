// The reports of ticket runs, on the real stores (SQLite, and PostgreSQL where one is
// configured) with GitHub played by a local HTTP double.
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { testDatabases } from '../../__testUtils__/testDatabases';
import { startGitHubDouble } from '../__testUtils__/githubDouble';
import { noRunsMayStart } from '../__testUtils__/noRunsMayStart';
import { githubClientFor } from '../githubClient';
import { ScaffolderTasks, TaskResult } from '../scaffolderTasks';
import { TicketStore } from '../ticketStore';
import { RunReportsOptions, reportEndedRuns } from './runReports';

const ticket = 'https://github.com/ekyc/platform-requests/issues/31';
const issuePath = '/repos/ekyc/platform-requests/issues/31';

describe.each(testDatabases)(
  'the reports of ticket runs on $engine (GitHub played by a local HTTP double)',
  database => {
    let github: Awaited<ReturnType<typeof startGitHubDouble>>;
    let db: Knex;
    let store: TicketStore;
    const results = new Map<string, TaskResult>();
    const tasks: ScaffolderTasks = {
      ...noRunsMayStart,
      result: async taskId => results.get(taskId),
    };

    beforeAll(async () => {
      github = await startGitHubDouble();
    });
    afterAll(() => github.close());

    beforeEach(async () => {
      github.calls.length = 0;
      results.clear();
      db = await database.create();
      store = await TicketStore.create(db);
      await store.claimRun(ticket);
      await store.recordTask(ticket, 'task-1');
      await store.oweReport({
        taskId: 'task-1',
        ticket,
        repositoryUrl: 'https://github.com/ekyc/platform-requests',
        owner: 'ekyc',
        repo: 'platform-requests',
        issueNumber: 31,
      });
    });
    afterEach(() => database.drop(db));

    /** A replica's reporter: its own store over the one database. */
    async function reporter(
      overrides: Partial<RunReportsOptions> = {},
    ): Promise<RunReportsOptions> {
      const config = new ConfigReader({
        integrations: {
          github: [{ host: 'github.com', apiBaseUrl: github.url, token: 't' }],
        },
      });
      return {
        store: await TicketStore.create(db),
        tasks,
        githubFor: url => githubClientFor(config, url),
        taskPageUrl: id => `http://portal.test/create/tasks/${id}`,
        approvalLabel: 'approved',
        logger: mockServices.logger.mock(),
        ...overrides,
      };
    }

    const writes = () =>
      github.calls
        .filter(call => call.method !== 'GET')
        .map(call => `${call.method} ${call.path}`);

    it('reports nothing while the run goes on, then its result once, however many replicas look', async () => {
      const [first, second] = [await reporter(), await reporter()];
      expect(await reportEndedRuns(first)).toBe(0);
      expect(github.calls).toEqual([]);

      results.set('task-1', {
        status: 'completed',
        output: { links: [{ title: 'The new site' }] },
      });
      const posted = await Promise.all([
        reportEndedRuns(first),
        reportEndedRuns(second),
      ]);
      expect(posted.sort()).toEqual([0, 1]);
      expect(await reportEndedRuns(second)).toBe(0);
      expect(writes()).toEqual([
        `POST ${issuePath}/comments`,
        `POST ${issuePath}/labels`,
        `PATCH ${issuePath}`,
      ]);
      expect(github.calls[0].body.body).toMatch(
        /^The run completed\.\n\n```json\n[^]*"The new site"/,
      );
      expect(github.calls[2].body).toMatchObject({ state: 'closed' });
      // A completed run keeps its claim: the ticket runs once.
      expect(await store.claimRun(ticket)).toBe(false);
    }, 30_000);

    it('finishes, without a second comment, a report whose reporter failed after posting it', async () => {
      results.set('task-1', { status: 'completed', output: {} });
      // The first reporter fails after its comment: the rest is owed.
      const dying = await reporter({
        githubFor: async url => {
          const client = await githubClientFor(
            new ConfigReader({
              integrations: {
                github: [
                  { host: 'github.com', apiBaseUrl: github.url, token: 't' },
                ],
              },
            }),
            url,
          );
          client.rest.issues.addLabels = (async () => {
            throw new Error('killed');
          }) as any;
          return client;
        },
      });
      expect(await reportEndedRuns(dying)).toBe(0);
      expect(writes()).toEqual([`POST ${issuePath}/comments`]);

      expect(await reportEndedRuns(await reporter())).toBe(0);
      expect(writes()).toEqual([
        `POST ${issuePath}/comments`,
        `POST ${issuePath}/labels`,
        `PATCH ${issuePath}`,
      ]);
      expect(github.calls.map(call => call.method)).toContain('GET');
    }, 30_000);

    it('says how a failed run failed and frees the ticket for a new approval', async () => {
      results.set('task-1', {
        status: 'failed',
        error: 'BD data may not leave BD',
      });
      expect(await reportEndedRuns(await reporter())).toBe(1);
      expect(writes()).toEqual([`POST ${issuePath}/comments`]);
      expect(github.calls[0].body.body).toMatch(
        /^The run failed: BD data may not leave BD\. The task log says what to change: http:\/\/portal\.test\/create\/tasks\/task-1\. Edit the form and add the `approved` label again/,
      );
      expect(await store.claimRun(ticket)).toBe(true);
    }, 30_000);
  },
);
