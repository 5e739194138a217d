import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import request from 'supertest';
import { projectRoot } from '@motcua/config';
import { BTS_DOCUMENTS, btsBody, enterpriseApplicant } from './support/dossiers';
import { pdf } from './support/files';

/**
 * The README's `npm start` as a new user runs it: the built launcher, no DATABASE_URL,
 * so PostgreSQL is embedded under the data folder; then SIGTERM stops everything.
 */
describe('npm start with no DATABASE_URL', () => {
  const root = projectRoot();
  const main = join(root, 'dist/apps/motcua/src/main.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-newcomer-'));
  const port = 28919;
  const pgPort = 25391;
  let child: ChildProcess;
  let output = '';
  let exit: Promise<number | null>;

  beforeAll(() => {
    if (!existsSync(main)) throw new Error(`${main} is missing: npm test builds it first (npm run build)`);
    const env = { ...process.env };
    delete env.DATABASE_URL;
    child = spawn(process.execPath, [main], {
      cwd: root,
      env: { ...env, NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(pgPort), QUEUE_PREFIX: '{t-newcomer}', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  });

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('becomes ready within 60 seconds and serves the catalogue', async () => {
    const deadline = Date.now() + 60_000;
    let ready = false;
    while (!ready && Date.now() < deadline && child.exitCode === null) {
      ready = await request(`http://127.0.0.1:${port}`)
        .get('/api/v1/health/ready')
        .then((response) => response.status === 200)
        .catch(() => false);
      if (!ready) await sleep(250);
    }
    if (!ready) throw new Error(`not ready; output:\n${output}`);
    // The API answers before the workers have started; the banner comes once all three run.
    while (!output.includes('Development accounts') && Date.now() < deadline) await sleep(100);
    expect(output).toContain(`API:     http://127.0.0.1:${port}/api/v1`);
    expect(output).toContain(`Docs:    http://127.0.0.1:${port}/docs`);
    expect(output).toContain('Development accounts (password: Motcua@2026):');
    expect(output).toMatch(/ {2}reception +RECEPTIONIST +SKHCN\/VP/);
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    const procedures = await request(`http://127.0.0.1:${port}`).get('/api/v1/procedures').expect(200);
    expect(procedures.body.items.length).toBeGreaterThanOrEqual(10);
  }, 70_000);

  it('takes a dossier from upload to acceptance and public lookup on the embedded PostgreSQL', async () => {
    const api = `http://127.0.0.1:${port}`;
    const login = async (username: string) =>
      ({ Authorization: `Bearer ${(await request(api).post('/api/v1/auth/login').send({ username, password: 'Motcua@2026' }).expect(200)).body.accessToken}` });
    const citizen = await login('citizen');
    const fileIds: string[] = [];
    for (const code of BTS_DOCUMENTS) fileIds.push((await request(api).post('/api/v1/files').set(citizen).attach('file', pdf(), `${code}.pdf`).expect(201)).body.id);
    const submitted = await request(api).post('/api/v1/dossiers').set(citizen).set('Idempotency-Key', randomUUID()).send(btsBody(fileIds)).expect(201);
    const code: string = submitted.body.code;

    const accepted = await request(api).post(`/api/v1/dossiers/${code}/actions`).set(await login('reception')).send({ action: 'accept' }).expect(200);
    expect(accepted.body).toMatchObject({ code, status: { code: 2 }, version: 2 });
    expect(accepted.body.documents).toHaveLength(BTS_DOCUMENTS.length);
    const lookup = await request(api).get('/api/v1/lookup').query({ code, idNumber: enterpriseApplicant.idNumber }).expect(200);
    expect(lookup.body.status.code).toBe(2);
  }, 30_000);

  it('stops gracefully on SIGTERM, embedded PostgreSQL included', async () => {
    child.kill('SIGTERM');
    const code = await Promise.race([exit, sleep(20_000, 'timeout', { ref: false })]);
    expect(code).toBe(0);
    expect(output).toContain('"msg":"stopped"');
    const client = new Client({ connectionString: `postgres://postgres:motcua@127.0.0.1:${pgPort}/motcua`, connectionTimeoutMillis: 1000 });
    await expect(client.connect()).rejects.toThrow();
  }, 30_000);
});
