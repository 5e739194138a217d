import { setTimeout as sleep } from 'node:timers/promises';
import { ApiClient } from './support/client';
import { AppProcess, query, scaled, startApp, startRedis, summary, until, waitReady } from './support/drill';

/** SIGKILL the workflow engine during a stream of officer actions, restart it: each applied exactly once. */
describe('fault: the engine is killed during officer actions', () => {
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `motcua_fault_${process.pid}_sigkill`;
  const databaseUrl = server.replace(/\/[^/]*$/, `/${database}`);
  const actions = scaled(2000);
  const apps: AppProcess[] = [];

  afterAll(async () => {
    for (const app of apps) await app.kill('SIGKILL');
    await query(server, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it(`applies ${actions} accepted actions exactly once`, async () => {
    const startedAt = Date.now();
    await query(server, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await query(server, `CREATE DATABASE "${database}"`);
    const redis = await startRedis(6393);
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, PORT: '28931' };
    try {
      const api = startApp('intake-api', env);
      apps.push(api);
      await waitReady('http://127.0.0.1:28931', apps);
      let engine = startApp('workflow-engine', env);
      apps.push(engine);
      const client = new ApiClient('http://127.0.0.1:28931');
      const citizen = await client.login('citizen');
      const reception = await client.login('reception');

      const codes: string[] = [];
      for (let i = 0; i < actions; i += 20) {
        const batch = await Promise.all(Array.from({ length: Math.min(20, actions - i) }, () => client.submitBts(databaseUrl, citizen)));
        codes.push(...batch.map((r) => r.body.code));
      }
      const count = async () => (await query<{ n: number }>(databaseUrl, "SELECT count(*)::int AS n FROM dossier_history WHERE action = 'accept'"))[0].n;

      let sent = 0;
      const stream = (async () => {
        for (let i = 0; i < codes.length; i += 25) {
          await Promise.all(codes.slice(i, i + 25).map((code) => client.request('POST', `/api/v1/dossiers/${code}/actions`, reception, { action: 'accept' })));
          sent = i + 25;
        }
      })();
      await until(async () => (await count()) >= actions / 4, 120_000, 'a quarter of the actions');
      await engine.kill('SIGKILL');
      const atKill = await count();
      await sleep(1000);
      engine = startApp('workflow-engine', env);
      apps.push(engine);
      await stream;
      await until(async () => (await count()) >= actions, 180_000, 'every action after the restart');
      await sleep(2000);

      const [{ duplicates }] = await query<{ duplicates: number }>(
        databaseUrl,
        "SELECT count(*)::int AS duplicates FROM (SELECT dossier_id FROM dossier_history WHERE action = 'accept' GROUP BY dossier_id HAVING count(*) > 1) d",
      );
      const [{ pending }] = await query<{ pending: number }>(databaseUrl, "SELECT count(*)::int AS pending FROM workflow_commands WHERE status = 'pending'");
      const applied = await count();
      summary('engine-sigkill', { actions, sent: Math.min(sent, actions), appliedBeforeKill: atKill, applied, duplicates, pending }, startedAt);
      expect(applied).toBe(actions);
      expect(duplicates).toBe(0);
      expect(pending).toBe(0);
    } finally {
      await redis.stop();
    }
  }, 600_000);
});
