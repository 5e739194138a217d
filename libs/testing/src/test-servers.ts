import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** PostgreSQL and Redis the suite runs against: the README defaults, or DATABASE_URL / REDIS_URL. */
export const TEST_SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Password of the development accounts in test databases. */
export const TEST_SEED_PASSWORD = 'Motcua@2026';

/**
 * Databases are named after the test run (the Jest main process id, handed to workers through the
 * environment), so several runs on one server never drop each other's databases.
 */
const RUN_VARIABLE = 'MOTCUA_TEST_RUN';
export const TEST_DATABASE_PREFIX = 'motcua_t_';

export function testRunId(): string {
  process.env[RUN_VARIABLE] ??= String(process.pid);
  return process.env[RUN_VARIABLE]!;
}

export function templateDatabase(run = testRunId()): string {
  return `${TEST_DATABASE_PREFIX}${run}_template`;
}

export function databaseUrl(name: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function uniqueDatabaseName(): string {
  return `${TEST_DATABASE_PREFIX}${testRunId()}_${randomBytes(4).toString('hex')}`;
}

export async function dropDatabase(client: Client, name: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Drops the databases of this run, or of runs whose process is gone (a run that was killed). */
export async function dropRunDatabases(client: Client, which: 'this' | 'dead'): Promise<void> {
  const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${TEST_DATABASE_PREFIX}%`]);
  for (const { datname } of rows) {
    const run = datname.slice(TEST_DATABASE_PREFIX.length).split('_')[0];
    const drop = which === 'this' ? run === testRunId() : !alive(Number(run));
    if (drop) await dropDatabase(client, datname);
  }
}
