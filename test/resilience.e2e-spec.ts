import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { projectRoot } from '@motcua/config';
import { clearQueuePrefix } from '@motcua/testing';
import { TimerRunner } from '@motcua/workflow';
import { startTestApi, startTestEngine, TestApi } from './support/api';
import { loginAs, newCitizen, Session } from './support/auth';
import { submitValid } from './support/dossiers';

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe('nothing lost, nothing applied twice', () => {
  let api: TestApi;
  let citizen: Session;
  let reception: Session;

  beforeAll(async () => {
    api = await startTestApi();
    citizen = await newCitizen(api, 'Tạ Văn Bền');
    reception = await loginAs(api, 'reception');
  });
  afterAll(() => api.close());

  const sql = async (query: string, params: unknown[] = []) => (await api.db.dataSource(2)).query(query, params);
  /** Sent at once (a supertest request left alone is sent only when awaited). */
  const accept = async (code: string) => request(api.http).post(`/api/v1/dossiers/${code}/actions`).set(reception.auth).send({ action: 'accept' });

  async function appliedAccepts(codes: string[]): Promise<{ code: string; accepts: number; version: number }[]> {
    return sql(
      `SELECT d.code, d.version, (SELECT count(*)::int FROM dossier_history h WHERE h.dossier_id = d.id AND h.action = 'accept') AS accepts
       FROM dossiers d WHERE d.code = ANY($1) ORDER BY d.code`,
      [codes],
    );
  }

  it('survives Redis losing every queued job in the middle of a stream: commands and timers still happen once', async () => {
    const engine: INestApplicationContext = await startTestEngine(api);
    try {
      const codes: string[] = [];
      for (let i = 0; i < 20; i++) codes.push(await submitValid(api, citizen, 'bts-location-approval'));
      const answers = Promise.all(codes.map((code, i) => sleep(i * 20).then(() => accept(code))));
      await sleep(150);
      await clearQueuePrefix(api.config); // what FLUSHALL does to this deployment's keys
      const statuses = (await answers).map((r) => r.status);
      expect(statuses.every((s) => s === 200 || s === 202)).toBe(true);

      // Lost jobs are found again by the pending-command sweeper.
      await until(async () => (await appliedAccepts(codes)).every((d) => d.accepts === 1), 30_000, 'every accept to be applied');
      const rows = await appliedAccepts(codes);
      expect(rows.every((d) => d.accepts === 1 && d.version === 2)).toBe(true);

      // Timers live in PostgreSQL: with Redis emptied again, the scan still fires each one once.
      await clearQueuePrefix(api.config);
      await sql("UPDATE dossiers SET step_due_soon_at = now() - interval '1 minute' WHERE code = ANY($1)", [codes]);
      await engine.get(TimerRunner).scanOnce();
      await engine.get(TimerRunner).scanOnce();
      const warned = await sql(
        `SELECT d.code, (SELECT count(*)::int FROM dossier_history h WHERE h.dossier_id = d.id AND h.action = 'step_due_soon') AS n
         FROM dossiers d WHERE d.code = ANY($1)`,
        [codes],
      );
      expect(warned.map((w: { n: number }) => w.n)).toEqual(Array(20).fill(1));
    } finally {
      await engine.close();
    }
  }, 60_000);

  describe('with the engine as a real process', () => {
    const main = join(projectRoot(), 'dist/apps/workflow-engine/src/main.js');
    let engine: ChildProcess | undefined;

    const startEngine = () => {
      if (!existsSync(main)) throw new Error(`${main} is missing: npm test builds it first`);
      const child = spawn(process.execPath, [main], {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          DATABASE_URL: api.config.database.url,
          REDIS_URL: api.config.redis.url,
          QUEUE_PREFIX: api.config.redis.queuePrefix,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let errors = '';
      child.stderr!.on('data', (chunk) => (errors += chunk));
      child.on('exit', (code, signal) => {
        if (code && code !== 0) process.stderr.write(`engine exited ${code} ${signal}: ${errors}\n`);
      });
      return child;
    };

    afterEach(() => {
      if (engine && engine.exitCode === null) engine.kill('SIGKILL');
    });

    it('applies every accepted command exactly once when the engine is killed (SIGKILL) mid-stream and restarted', async () => {
      const codes: string[] = [];
      for (let i = 0; i < 40; i++) codes.push(await submitValid(api, citizen, 'bts-location-approval'));
      engine = startEngine();
      // The first accept waits for the engine to be up; the others follow over two seconds, so the kill lands mid-stream.
      const first = accept(codes[0]);
      await until(async () => (await appliedAccepts(codes.slice(0, 1)))[0]?.accepts === 1, 30_000, 'the engine applying a first accept');
      const answers = Promise.all([first, ...codes.slice(1).map((code, i) => sleep(i * 50).then(() => accept(code)))]);
      await until(async () => (await appliedAccepts(codes)).filter((d) => d.accepts === 1).length >= 5, 30_000, 'some accepts');
      engine.kill('SIGKILL');
      const killedWith = (await appliedAccepts(codes)).filter((d) => d.accepts === 1).length;
      expect(killedWith).toBeLessThan(40);

      engine = startEngine();
      const statuses = (await answers).map((r) => r.status);
      expect(statuses.every((s) => s === 200 || s === 202)).toBe(true);
      await until(async () => (await appliedAccepts(codes)).every((d) => d.accepts === 1), 40_000, 'every accept after restart');
      const rows = await appliedAccepts(codes);
      expect(rows.every((d) => d.accepts === 1 && d.version === 2)).toBe(true);
      const [{ pending }] = await sql(
        "SELECT count(*)::int AS pending FROM workflow_commands c JOIN dossiers d ON d.id = c.dossier_id WHERE d.code = ANY($1) AND c.status <> 'applied'",
        [codes],
      );
      expect(pending).toBe(0);
      const [{ events }] = await sql(
        "SELECT count(*)::int AS events FROM outbox o JOIN dossiers d ON d.id = o.aggregate_id WHERE d.code = ANY($1) AND o.event_type = 'dossier.status_changed'",
        [codes],
      );
      expect(events).toBe(40);
    }, 90_000);
  });
});
