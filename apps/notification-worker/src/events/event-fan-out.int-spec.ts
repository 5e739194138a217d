import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplicationContext } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApi, startTestEngine, startTestNotificationWorker, TestApi } from '../../../../test/support/api';
import { loginAs, newCitizen, Session } from '../../../../test/support/auth';
import { btsBody, ownedFiles } from '../../../../test/support/dossiers';
import { DeliverWebhookProcessor } from '../webhooks/deliver-webhook.processor';
import { PublishEventProcessor } from './publish-event.processor';

const ACTION_EVENTS = ['dossier.submitted', 'dossier.status_changed', 'dossier.step_changed'];

/** A portal stand-in that records the webhook-id of each call, in arrival order. */
async function startReceiver(): Promise<{ url: string; ids: string[]; close(): Promise<void> }> {
  const ids: string[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      ids.push(String(req.headers['webhook-id']));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    ids,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function eventually<T>(probe: () => Promise<T> | T, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

describe('outbox consumer: events fanned out together', () => {
  let api: TestApi;
  let engine: INestApplicationContext;
  let worker: INestApplicationContext;
  let db: DataSource;
  let admin: Session;
  let citizen: Session;
  let reception: Session;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    api = await startTestApi({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
    engine = await startTestEngine(api);
    worker = await startTestNotificationWorker(api);
    // The test consumes events itself, and lets deliveries go when it wants to see them.
    await worker.get(PublishEventProcessor).worker.pause(true);
    await worker.get(DeliverWebhookProcessor).worker.pause(true);
    db = await api.db.dataSource(2);
    admin = await loginAs(api, 'admin');
    citizen = await newCitizen(api, 'Vũ Thị Lô');
    reception = await loginAs(api, 'reception');
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await worker?.close();
    await engine?.close();
    await api?.close();
    await receiver?.close();
  });

  const consume = (eventId: string) => worker.get(PublishEventProcessor).consume([eventId]);

  const subscribe = async (eventTypes = ACTION_EVENTS): Promise<string> => {
    const response = await request(api.http).post('/api/v1/webhook-endpoints').set(admin.auth).send({ url: receiver.url, eventTypes }).expect(201);
    return response.body.id;
  };

  /** Submits and accepts a dossier; returns its events in sequence order (submitted, status changed, step changed). */
  const acceptedDossier = async (): Promise<{ event_id: string; sequence: number }[]> => {
    const files = await ownedFiles(api, citizen.userId, 5);
    const { code } = (await request(api.http).post('/api/v1/dossiers').set(citizen.auth).set('Idempotency-Key', randomUUID()).send(btsBody(files)).expect(201)).body;
    await request(api.http).post(`/api/v1/dossiers/${code}/actions`).set(reception.auth).send({ action: 'accept' }).expect(200);
    return db.query(`SELECT o.event_id, o.sequence FROM outbox o JOIN dossiers d ON d.id = o.aggregate_id WHERE d.code = $1 ORDER BY o.sequence`, [code]);
  };

  const effectsOf = async (eventIds: string[]) => {
    const [row] = await db.query(
      `SELECT (SELECT count(*)::int FROM outbox WHERE event_id = ANY($1) AND processed_at IS NOT NULL) AS processed,
              (SELECT count(*)::int FROM webhook_deliveries WHERE event_id = ANY($1)) AS deliveries,
              (SELECT count(*)::int FROM notification_messages WHERE event_id = ANY($1)) AS messages`,
      [eventIds],
    );
    return row as { processed: number; deliveries: number; messages: number };
  };

  afterEach(async () => {
    await db.query('DELETE FROM webhook_endpoints');
  });

  it('gives each event its deliveries and messages once, however often and however concurrently it is consumed', async () => {
    await subscribe();
    const ids = (await acceptedDossier()).map((e) => e.event_id);

    await Promise.all([...ids, ...ids, ...ids].map(consume));
    const once = await effectsOf(ids);
    expect(once).toEqual({ processed: 3, deliveries: 3, messages: expect.any(Number) });
    expect(once.messages).toBeGreaterThanOrEqual(3); // the applicant on submission and acceptance, the officers on new work

    await db.query('UPDATE outbox SET processed_at = NULL WHERE event_id = ANY($1)', [ids]);
    await Promise.all(ids.map(consume));
    expect(await effectsOf(ids)).toEqual(once);
  });

  it('refuses an unknown event for good without holding back the events consumed with it', async () => {
    const [submitted] = await acceptedDossier();
    const unknown = randomUUID();
    const [known, missing] = await Promise.allSettled([consume(submitted.event_id), consume(unknown)]);
    expect(known.status).toBe('fulfilled');
    expect(missing).toMatchObject({ status: 'rejected', reason: expect.any(UnrecoverableError) });
    expect((await effectsOf([submitted.event_id])).processed).toBe(1);
  });

  it("fails a job carrying an unknown event for good, once the job's other events are fanned out", async () => {
    const [submitted, statusChanged] = await acceptedDossier();
    const job = worker.get(PublishEventProcessor).consume([submitted.event_id, randomUUID(), statusChanged.event_id]);
    await expect(job).rejects.toBeInstanceOf(UnrecoverableError);
    expect((await effectsOf([submitted.event_id, statusChanged.event_id])).processed).toBe(2);
  });

  it('fans out to the endpoints subscribed when the event is consumed: one just added gets it, one just disabled does not', async () => {
    const [submitted, statusChanged, stepChanged] = await acceptedDossier();
    const first = await subscribe();
    await consume(submitted.event_id);
    const second = await subscribe();
    await consume(statusChanged.event_id);
    await request(api.http).patch(`/api/v1/webhook-endpoints/${first}`).set(admin.auth).send({ enabled: false }).expect(200);
    await consume(stepChanged.event_id);

    const deliveries: { endpoint_id: string; sequence: number }[] = await db.query(
      'SELECT endpoint_id, sequence FROM webhook_deliveries WHERE event_id = ANY($1) ORDER BY sequence, endpoint_id',
      [[submitted, statusChanged, stepChanged].map((e) => e.event_id)],
    );
    const byEndpoint = (id: string) => deliveries.filter((d) => d.endpoint_id === id).map((d) => d.sequence);
    expect(byEndpoint(first)).toEqual([submitted.sequence, statusChanged.sequence]);
    expect(byEndpoint(second)).toEqual([statusChanged.sequence, stepChanged.sequence]);
  });

  it("sends a dossier's events in sequence order even when they are fanned out in reverse", async () => {
    await subscribe();
    const events = await acceptedDossier();
    for (const event of [...events].reverse()) await consume(event.event_id);
    receiver.ids.length = 0;
    worker.get(DeliverWebhookProcessor).worker.resume();
    try {
      await eventually(() => [...receiver.ids], (ids) => ids.length >= events.length, 'every webhook');
      await sleep(200); // a duplicate would arrive now
      expect(receiver.ids).toEqual(events.map((e) => e.event_id));
    } finally {
      await worker.get(DeliverWebhookProcessor).worker.pause(true);
    }
  });
});
