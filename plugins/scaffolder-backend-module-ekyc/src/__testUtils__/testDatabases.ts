import { randomBytes } from 'node:crypto';
import knexFactory, { Knex } from 'knex';
import { inMemorySqlite } from './inMemorySqlite';

/** A database engine the stores are tested on: each test gets a database of its own. */
export interface TestDatabase {
  engine: string;
  create(): Promise<Knex>;
  drop(db: Knex): Promise<void>;
}

/** A server's database a second process can connect to, as another replica does. */
export interface SharedTestDatabase extends TestDatabase {
  /**
   * Another connection pool to the database `db` was created with, its connections
   * named `applicationName` on the server.
   */
  connect(db: Knex, applicationName: string): Promise<Knex>;
}

const sqlite: TestDatabase = {
  engine: 'SQLite',
  create: async () => inMemorySqlite(),
  drop: db => db.destroy(),
};

/**
 * PostgreSQL at EKYC_TEST_POSTGRES_URL (scripts/test.sh sets it when a server answers on
 * loopback), in a database created for the test and dropped after it.
 */
function postgres(adminUrl: string): SharedTestDatabase {
  const names = new Map<Knex, string>();
  const admin = () => knexFactory({ client: 'pg', connection: adminUrl });
  const urlOf = (name: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  return {
    engine: 'PostgreSQL',
    async create() {
      const name = `ekyc_test_${randomBytes(6).toString('hex')}`;
      const server = admin();
      try {
        await server.raw(`CREATE DATABASE ${name}`);
      } finally {
        await server.destroy();
      }
      const db = knexFactory({ client: 'pg', connection: urlOf(name) });
      names.set(db, name);
      return db;
    },
    async connect(db, applicationName) {
      const url = new URL(urlOf(names.get(db)!));
      url.searchParams.set('application_name', applicationName);
      return knexFactory({ client: 'pg', connection: url.toString() });
    },
    async drop(db) {
      await db.destroy();
      const server = admin();
      try {
        await server.raw(
          `DROP DATABASE IF EXISTS ${names.get(db)} WITH (FORCE)`,
        );
      } finally {
        await server.destroy();
      }
    },
  };
}

const postgresUrl = process.env.EKYC_TEST_POSTGRES_URL;

/** PostgreSQL where one is configured: what replicas share. */
export const sharedTestDatabase = postgresUrl
  ? postgres(postgresUrl)
  : undefined;

/** The engines to run a store's tests on; PostgreSQL only where one is configured. */
export const testDatabases: TestDatabase[] = sharedTestDatabase
  ? [sqlite, sharedTestDatabase]
  : [sqlite];

if (!postgresUrl) {
  // Said, never silent: scripts/test.sh says it too, since it runs jest --silent.
  console.warn(
    'The stores are tested on SQLite only: EKYC_TEST_POSTGRES_URL is not set (scripts/test.sh sets it when a server answers on 127.0.0.1:5432; point it at one to test them on PostgreSQL too)',
  );
}
