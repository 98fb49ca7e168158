// The ticket store on real databases: SQLite (the embedded default) and PostgreSQL
// (production's) where one is configured.
import { Knex } from 'knex';
import { testDatabases } from '../__testUtils__/testDatabases';
import { TicketStore } from './ticketStore';

describe.each(testDatabases)(
  'the ticket store on $engine: which form an approval may apply',
  database => {
    let db: Knex;
    let store: TicketStore;
    const ticket = 'https://github.com/ekyc/platform-requests/issues/9';

    beforeEach(async () => {
      db = await database.create();
      store = await TicketStore.create(db);
    });

    afterEach(() => database.drop(db));

    it('records a preview of the form the issue holds', async () => {
      await store.fileForm(ticket, 'sha256:a');
      expect(await store.recordPreview(ticket, 'sha256:a')).toBe(true);
      expect(await store.previewedForm(ticket)).toBe('sha256:a');
    });

    it('drops a preview that finishes after an edit: it shows a form the issue no longer holds', async () => {
      await store.fileForm(ticket, 'sha256:a');
      // The issue is edited while the preview of the first form runs.
      await store.fileForm(ticket, 'sha256:b');
      expect(await store.recordPreview(ticket, 'sha256:a')).toBe(false);
      expect(await store.previewedForm(ticket)).toBeUndefined();
      expect(await store.recordPreview(ticket, 'sha256:b')).toBe(true);
      expect(await store.previewedForm(ticket)).toBe('sha256:b');
    });

    it('forgets an approved-able preview on the next edit, and one nobody could read', async () => {
      await store.fileForm(ticket, 'sha256:a');
      await store.recordPreview(ticket, 'sha256:a');
      await store.fileForm(ticket, 'sha256:a2');
      expect(await store.previewedForm(ticket)).toBeUndefined();
      await store.recordPreview(ticket, 'sha256:a2');
      await store.forgetPreview(ticket, 'sha256:a2');
      expect(await store.previewedForm(ticket)).toBeUndefined();
    });
  },
);
