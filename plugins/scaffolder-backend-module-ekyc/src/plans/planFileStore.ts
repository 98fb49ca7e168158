import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Knex } from 'knex';
import { createTableOnce } from '../createTableOnce';

const planFiles = 'ekyc_plan_files';

/** How long a saved plan is kept for an up that has not come: as long as an approval. */
const keptForMs = 7 * 24 * 3_600_000;

/**
 * The update plans previews saved, in the portal's database: the replica that runs a
 * task's up (one that took the task up after another died) need not be the one whose
 * preview wrote the file. Plans are keyed by their file's name in the plan directory;
 * a plan holds ciphertext for the stack's secrets, as the file does.
 */
export class PlanFileStore {
  private constructor(private readonly db: Knex) {}

  static async create(db: Knex): Promise<PlanFileStore> {
    await createTableOnce(db, planFiles, table => {
      table.string('file_name').primary();
      table.text('content').notNullable();
      table.bigInteger('saved_at').notNullable();
    });
    return new PlanFileStore(db);
  }

  /** Keeps the plan a preview has just written. */
  async keep(planFile: string): Promise<void> {
    const content = await fs.readFile(planFile, 'utf8');
    await this.db(planFiles)
      .where('saved_at', '<', Date.now() - keptForMs)
      .delete();
    await this.db(planFiles)
      .insert({
        file_name: path.basename(planFile),
        content,
        saved_at: Date.now(),
      })
      .onConflict('file_name')
      .merge();
  }

  /**
   * Writes the kept plan where its preview wrote it when this replica's plan directory
   * lacks it or holds another (an older preview of the task, here): the database has
   * the task's latest.
   */
  async restore(planFile: string): Promise<void> {
    const row = await this.db(planFiles)
      .where({ file_name: path.basename(planFile) })
      .first();
    if (!row) return;
    const local = await fs.readFile(planFile, 'utf8').catch(() => undefined);
    if (local === row.content) return;
    const aside = `${planFile}.${randomBytes(4).toString('hex')}`;
    await fs.writeFile(aside, row.content, { flag: 'wx', mode: 0o600 });
    await fs.rename(aside, planFile);
  }

  /** Forgets a plan once its up has applied it. */
  async forget(planFile: string): Promise<void> {
    await this.db(planFiles)
      .where({ file_name: path.basename(planFile) })
      .delete();
  }
}
