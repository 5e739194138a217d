import { createServer, Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { ApiClient } from './support/client';
import { AppProcess, FAULT_SCALE, query, scaled, startApp, startRedis, summary, until, waitReady } from './support/drill';

interface Received {
  id: string;
  dossier: string;
  sequence: number;
}

/** The portal receiver is down for two minutes under load: afterwards every webhook arrives once, in order per dossier. */
describe('fault: the portal receiver is down', () => {
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `motcua_fault_${process.pid}_receiver`;
  const databaseUrl = server.replace(/\/[^/]*$/, `/${database}`);
  const dossiers = scaled(200);
  const downMs = Math.round(120_000 * FAULT_SCALE);
  const apps: AppProcess[] = [];
  let receiver: Server | undefined;

  afterAll(async () => {
    for (const app of apps) await app.kill('SIGKILL');
    receiver?.close();
    await query(server, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it(`delivers every event of ${dossiers} dossiers once and in order after ${downMs / 1000} s down`, async () => {
    const startedAt = Date.now();
    await query(server, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await query(server, `CREATE DATABASE "${database}"`);
    const redis = await startRedis(6396);
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, PORT: '28934', WEBHOOK_ALLOW_PRIVATE_URLS: 'true' };
    try {
      apps.push(startApp('intake-api', env), startApp('workflow-engine', env), startApp('notification-worker', env));
      await waitReady('http://127.0.0.1:28934', apps);
      const client = new ApiClient('http://127.0.0.1:28934');
      const admin = await client.login('admin');
      const citizen = await client.login('citizen');
      const reception = await client.login('reception');

      const received: Received[] = [];
      let secret = '';
      let unverified = 0;
      receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          try {
            new Webhook(secret).verify(raw, req.headers as Record<string, string>);
          } catch {
            unverified += 1;
          }
          const body = JSON.parse(raw);
          received.push({ id: String(req.headers['webhook-id']), dossier: body.data.dossierCode, sequence: body.data.sequence });
          res.writeHead(204).end();
        });
      });
      // Subscribe while the receiver is down: nothing listens on the port yet.
      const endpoint = await client.request('POST', '/api/v1/webhook-endpoints', admin, {
        url: 'http://127.0.0.1:28990/portal',
        eventTypes: ['dossier.submitted', 'dossier.status_changed', 'dossier.step_changed'],
      });
      expect(endpoint.status).toBe(201);
      secret = endpoint.body.secret;

      const downSince = Date.now();
      for (let i = 0; i < dossiers; i += 20) {
        const batch = await Promise.all(Array.from({ length: Math.min(20, dossiers - i) }, () => client.submitBts(databaseUrl, citizen)));
        await Promise.all(batch.map((r) => client.request('POST', `/api/v1/dossiers/${r.body.code}/actions`, reception, { action: 'accept' })));
      }
      await sleep(Math.max(0, downMs - (Date.now() - downSince)));
      await new Promise<void>((resolve) => receiver!.listen(28990, '127.0.0.1', resolve));

      const expected = dossiers * 3; // submitted; status and step changed on acceptance
      await until(async () => new Set(received.map((r) => r.id)).size >= expected, 15 * 60_000, 'every webhook');
      await sleep(2000);

      const duplicates = received.length - new Set(received.map((r) => r.id)).size;
      const byDossier = new Map<string, number[]>();
      for (const r of received) byDossier.set(r.dossier, [...(byDossier.get(r.dossier) ?? []), r.sequence]);
      const outOfOrder = [...byDossier.values()].filter((seq) => seq.some((s, i) => i > 0 && s <= seq[i - 1])).length;
      summary('receiver-down', { dossiers, downSeconds: downMs / 1000, expected, received: received.length, duplicates, outOfOrder, unverified }, startedAt);
      expect(new Set(received.map((r) => r.id)).size).toBe(expected);
      expect(duplicates).toBe(0);
      expect(outOfOrder).toBe(0);
      expect(unverified).toBe(0);
    } finally {
      await redis.stop();
    }
  }, 20 * 60_000);
});
