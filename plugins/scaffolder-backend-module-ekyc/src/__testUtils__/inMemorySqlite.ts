import knexFactory, { Knex } from 'knex';

/** A real SQLite database in memory, the engine of the embedded default. */
export function inMemorySqlite(): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
}
