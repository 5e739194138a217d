import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import request from 'supertest';
import { OutboxRelay, publishedEventIds, QUEUES, redisOptions } from '@motcua/messaging';
import { clearQueuePrefix } from '@motcua/testing';
import { startTestApi, startTestEngine, startTestNotificationWorker, TestApi } from './support/api';
import { loginAs, newCitizen, Session } from './support/auth';
import { submitValid } from './support/dossiers';

describe('outbox relay', () => {
  let api: TestApi;
  let engine: INestApplicationContext;
  let queue: Queue;
  let citizen: Session;

  beforeAll(async () => {
    api = await startTestApi();
    engine = await startTestEngine(api);
    queue = new Queue(QUEUES.outbox, { connection: redisOptions(api.config.redis.url!), prefix: api.config.redis.queuePrefix });
    citizen = await newCitizen(api, 'Mạc Thị Tin');
  });
  afterAll(async () => {
    await queue.close();
    await engine.close();
    await api.close();
  });

  const sql = async (query: string, params: unknown[] = []) => (await api.db.dataSource(2)).query(query, params);
  /** The events the queued publish jobs carry, in queue order. */
  const queuedEventIds = async () => (await queue.getJobs(['waiting', 'delayed', 'active'], 0, -1, true)).flatMap((job) => publishedEventIds(job.data));

  it('publishes committed events, once per event id, in order per dossier', async () => {
    const reception = await loginAs(api, 'reception');
    const codes = [await submitValid(api, citizen, 'bts-location-approval'), await submitValid(api, citizen, 'bts-location-approval')];
    for (const code of codes) await request(api.http).post(`/api/v1/dossiers/${code}/actions`).set(reception.auth).send({ action: 'accept' }).expect(200);
    const committedAt = Date.now();

    // How fast is a benchmark's business (bench/); here it only has to happen.
    let rows: { event_id: string; aggregate_id: string; sequence: number; published_at: Date | null; created_at: Date }[] = [];
    while (Date.now() - committedAt < 10_000) {
      rows = await sql('SELECT o.event_id, o.aggregate_id, o.sequence, o.published_at, o.created_at FROM outbox o ORDER BY o.id');
      if (rows.every((r) => r.published_at)) break;
      await sleep(50);
    }
    expect(rows.length).toBe(2 * 3); // submitted; status and step changed on acceptance
    expect(rows.every((r) => r.published_at !== null)).toBe(true);

    const queued = await queuedEventIds();
    expect(queued).toEqual(rows.map((r) => r.event_id));
    for (const dossier of new Set(rows.map((r) => r.aggregate_id))) {
      const sequences = queued.map((id) => rows.find((r) => r.event_id === id)!).filter((r) => r.aggregate_id === dossier).map((r) => r.sequence);
      expect(sequences).toEqual([1, 2, 3]);
    }

    const relay = engine.get(OutboxRelay);
    await relay.drain();
    await relay.sweep(0);
    expect(await queuedEventIds()).toEqual(queued);
  });

  it('republishes what Redis lost, and stops once the consumer has processed it', async () => {
    const before = await queuedEventIds();
    await clearQueuePrefix(api.config);
    expect(await queuedEventIds()).toEqual([]);
    const relay = engine.get(OutboxRelay);
    expect(await relay.sweep(0)).toBe(before.length);
    expect((await queuedEventIds()).sort()).toEqual([...before].sort());

    const worker = await startTestNotificationWorker(api);
    try {
      const deadline = Date.now() + 10_000;
      while ((await sql('SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL'))[0].n > 0 && Date.now() < deadline) await sleep(100);
      expect((await sql('SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL'))[0].n).toBe(0);
      expect(await relay.sweep(0)).toBe(0);
    } finally {
      await worker.close();
    }
  });
});
