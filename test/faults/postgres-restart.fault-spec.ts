import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { btsBody } from '../support/dossiers';
import { ApiClient } from './support/client';
import { AppProcess, privatePostgres, query, scaled, startApp, startRedis, summary, until, waitReady } from './support/drill';

/** Restart PostgreSQL under load: the API answers 503 meanwhile, recovers by itself, and no dossier is partial. */
describe('fault: PostgreSQL restarts under load', () => {
  const apps: AppProcess[] = [];

  afterAll(async () => {
    for (const app of apps) await app.kill('SIGKILL');
  });

  it('answers 503 while the database is down and loses nothing', async () => {
    const startedAt = Date.now();
    const pg = await privatePostgres(25397);
    await query(pg.url, 'CREATE DATABASE motcua');
    const databaseUrl = pg.url.replace(/\/postgres$/, '/motcua');
    const redis = await startRedis(6395);
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, PORT: '28933' };
    try {
      apps.push(startApp('intake-api', env));
      await waitReady('http://127.0.0.1:28933', apps);
      apps.push(startApp('workflow-engine', env));
      const client = new ApiClient('http://127.0.0.1:28933');
      const citizen = await client.login('citizen');

      const answers = new Map<number, number>();
      const created: string[] = [];
      let stop = false;
      const load = (async () => {
        while (!stop) {
          const results = await Promise.all(
            Array.from({ length: 5 }, () => client.submitBts(databaseUrl, citizen).catch(() => ({ status: 0, body: undefined }))),
          );
          for (const r of results) {
            answers.set(r.status, (answers.get(r.status) ?? 0) + 1);
            if (r.status === 201) created.push(r.body.code);
          }
        }
      })();
      // submitBts writes its file rows directly, so during the outage the load itself fails before the API: probe the API too.
      await sleep(2000);
      await pg.stop();
      const down = await client.request('GET', '/api/v1/health/ready');
      const fileIds = Array.from({ length: 5 }, () => randomUUID());
      const submitDown = await client.request('POST', '/api/v1/dossiers', citizen, btsBody(fileIds), { 'idempotency-key': 'outage-probe' });
      const lookupDown = await client.request('GET', '/api/v1/dossiers', citizen);
      await sleep(scaled(30) * 100);
      await pg.start();
      await until(async () => (await client.request('GET', '/api/v1/health/ready')).status === 200, 60_000, 'the API to be ready again');
      await sleep(3000);
      stop = true;
      await load;

      const after = await client.submitBts(databaseUrl, citizen);
      const [{ partial }] = await query<{ partial: number }>(
        databaseUrl,
        `SELECT count(*)::int AS partial FROM dossiers d
         WHERE NOT EXISTS (SELECT 1 FROM dossier_history h WHERE h.dossier_id = d.id)
            OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.dossier_id = d.id)
            OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.aggregate_id = d.id)
            OR NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.dossier_id = d.id)`,
      );
      const [{ stored }] = await query<{ stored: number }>(databaseUrl, 'SELECT count(*)::int AS stored FROM dossiers WHERE code = ANY($1)', [created]);
      summary(
        'postgres-restart',
        {
          readyWhileDown: down.status,
          submitWhileDown: submitDown.status,
          listWhileDown: lookupDown.status,
          created: created.length,
          createdFound: stored,
          partialDossiers: partial,
          afterRestart: after.status,
          answers: [...answers.entries()].map(([s, n]) => `${s}x${n}`).join(','),
        },
        startedAt,
      );
      expect(down.status).toBe(503);
      expect(submitDown.status).toBe(503);
      expect(lookupDown.status).toBe(503);
      expect(after.status).toBe(201);
      expect(stored).toBe(created.length);
      expect(partial).toBe(0);
      const unexpected = apps[0]
        .output()
        .split('\n')
        .filter((line) => line.includes('request failed'))
        .map((line) => /"err":\{"type":"([^"]*)","message":"([^"]*)"/.exec(line)?.slice(1).join(': ') ?? line.slice(0, 300));
      expect(unexpected).toEqual([]);
      expect([...answers.keys()].every((s) => s === 201 || s === 503 || s === 0)).toBe(true);
    } finally {
      await redis.stop();
      await pg.stop();
    }
  }, 300_000);
});
