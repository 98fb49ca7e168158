// The kept plans on real databases: SQLite, and PostgreSQL where one is configured.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Knex } from 'knex';
import { testDatabases } from '../__testUtils__/testDatabases';
import { PlanFileStore } from './planFileStore';

describe.each(testDatabases)('kept plans on $engine', database => {
  let db: Knex;
  let dirs: string[];
  const planDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-plans-'));
    dirs.push(dir);
    return dir;
  };

  beforeEach(async () => {
    db = await database.create();
    dirs = [];
  });
  afterEach(async () => {
    await database.drop(db);
    dirs.forEach(dir => fs.rmSync(dir, { recursive: true, force: true }));
  });

  it("gives another replica's plan directory the plan a preview saved, until its up forgets it", async () => {
    const [previewing, applying] = [
      await PlanFileStore.create(db),
      await PlanFileStore.create(db),
    ];
    const saved = path.join(planDir(), 'task-1-bd-dhaka-1.plan.json');
    fs.writeFileSync(saved, '{"resourcePlans":{"a":{}}}');
    await previewing.keep(saved);

    const elsewhere = path.join(planDir(), 'task-1-bd-dhaka-1.plan.json');
    await applying.restore(elsewhere);
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe(
      '{"resourcePlans":{"a":{}}}',
    );
    expect(fs.statSync(elsewhere).mode & 0o777).toBe(0o600);

    await applying.forget(elsewhere);
    const third = path.join(planDir(), 'task-1-bd-dhaka-1.plan.json');
    await applying.restore(third);
    expect(fs.existsSync(third)).toBe(false);
  });

  it('never writes over a plan file that is there', async () => {
    const store = await PlanFileStore.create(db);
    const saved = path.join(planDir(), 'task-2-bd-dhaka-1.plan.json');
    fs.writeFileSync(saved, '{"kept":true}');
    await store.keep(saved);
    fs.writeFileSync(saved, '{"local":true}');
    await store.restore(saved);
    expect(fs.readFileSync(saved, 'utf8')).toBe('{"local":true}');
  });
});
