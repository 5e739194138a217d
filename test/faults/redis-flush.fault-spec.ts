import { setTimeout as sleep } from 'node:timers/promises';
import IORedis from 'ioredis';
import { ApiClient } from './support/client';
import { AppProcess, query, scaled, startApp, startRedis, summary, until, waitReady } from './support/drill';

/** FLUSHALL Redis during a stream of submissions and actions: everything completes once, timers still fire. */
describe('fault: Redis loses everything mid-stream', () => {
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `motcua_fault_${process.pid}_flush`;
  const databaseUrl = server.replace(/\/[^/]*$/, `/${database}`);
  const dossiers = scaled(500);
  const apps: AppProcess[] = [];

  afterAll(async () => {
    for (const app of apps) await app.kill('SIGKILL');
    await query(server, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it(`completes ${dossiers} submissions and acceptances once each, and fires their timers`, async () => {
    const startedAt = Date.now();
    await query(server, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await query(server, `CREATE DATABASE "${database}"`);
    const redis = await startRedis(6394);
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, PORT: '28932' };
    const admin = new IORedis(redis.url);
    try {
      apps.push(startApp('intake-api', env), startApp('workflow-engine', env), startApp('notification-worker', env));
      await waitReady('http://127.0.0.1:28932', apps);
      const client = new ApiClient('http://127.0.0.1:28932');
      const citizen = await client.login('citizen');
      const reception = await client.login('reception');

      let flushed = false;
      const codes: string[] = [];
      for (let i = 0; i < dossiers; i += 20) {
        const batch = await Promise.all(Array.from({ length: Math.min(20, dossiers - i) }, () => client.submitBts(databaseUrl, citizen)));
        codes.push(...batch.map((r) => r.body.code));
        await Promise.all(codes.slice(-batch.length).map((code) => client.request('POST', `/api/v1/dossiers/${code}/actions`, reception, { action: 'accept' })));
        if (!flushed && i >= dossiers / 2) {
          await admin.flushall();
          flushed = true;
        }
      }
      const accepted = async () => (await query<{ n: number }>(databaseUrl, "SELECT count(*)::int AS n FROM dossier_history WHERE action = 'accept'"))[0].n;
      await until(async () => (await accepted()) >= dossiers, 120_000, 'every acceptance');

      // Timers: make every step's warning due, lose Redis again, and let the engine's scan fire them.
      await query(databaseUrl, "UPDATE dossiers SET step_due_soon_at = now() - interval '1 minute' WHERE step = 'assignment'");
      await admin.flushall();
      const warned = async () => (await query<{ n: number }>(databaseUrl, "SELECT count(*)::int AS n FROM dossier_history WHERE action = 'step_due_soon'"))[0].n;
      await until(async () => (await warned()) >= dossiers, 60_000, 'every due-soon timer');
      // Events: every committed event is processed by the consumer despite the flushes.
      await until(async () => (await query<{ n: number }>(databaseUrl, 'SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL'))[0].n === 0, 90_000, 'every event processed');
      await sleep(1000);

      const [{ d }] = await query<{ d: number }>(databaseUrl, 'SELECT count(*)::int AS d FROM dossiers');
      const [{ dup }] = await query<{ dup: number }>(
        databaseUrl,
        "SELECT count(*)::int AS dup FROM (SELECT dossier_id, action FROM dossier_history WHERE action IN ('accept', 'step_due_soon') GROUP BY 1, 2 HAVING count(*) > 1) x",
      );
      const [{ events }] = await query<{ events: number }>(databaseUrl, 'SELECT count(*)::int AS events FROM outbox');
      summary('redis-flush', { dossiers: d, accepted: await accepted(), timersFired: await warned(), events, unprocessedEvents: 0, duplicates: dup }, startedAt);
      expect(d).toBe(dossiers);
      expect(await accepted()).toBe(dossiers);
      expect(await warned()).toBe(dossiers);
      expect(dup).toBe(0);
    } finally {
      admin.disconnect();
      await redis.stop();
    }
  }, 600_000);
});
