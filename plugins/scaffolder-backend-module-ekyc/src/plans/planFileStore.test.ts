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

  it("puts the task's latest plan in place of an older one a replica still holds", async () => {
    const store = await PlanFileStore.create(db);
    const older = path.join(planDir(), 'task-2-bd-dhaka-1.plan.json');
    fs.writeFileSync(older, '{"older":true}');
    const latest = path.join(planDir(), 'task-2-bd-dhaka-1.plan.json');
    fs.writeFileSync(latest, '{"latest":true}');
    await store.keep(latest);
    await store.restore(older);
    expect(fs.readFileSync(older, 'utf8')).toBe('{"latest":true}');
    expect(fs.readdirSync(path.dirname(older))).toEqual([
      'task-2-bd-dhaka-1.plan.json',
    ]);
  });
});
