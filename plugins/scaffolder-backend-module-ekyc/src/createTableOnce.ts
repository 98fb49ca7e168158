import { Knex } from 'knex';

/** Replicas starting together may both find the table missing: the loser's error is no error. */
export async function createTableOnce(
  db: Knex,
  name: string,
  define: (table: Knex.CreateTableBuilder) => void,
) {
  if (await db.schema.hasTable(name)) return;
  try {
    await db.schema.createTable(name, define);
  } catch (error) {
    if (!(await db.schema.hasTable(name))) throw error;
  }
}
