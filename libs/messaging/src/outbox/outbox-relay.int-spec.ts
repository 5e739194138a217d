import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '@motcua/config';
import { clearQueuePrefix, createTestDatabase, testConfig, TestDatabase } from '@motcua/testing';
import { QUEUES } from '../queues';
import { redisOptions } from '../redis';
import { notifiedEvents, outboxNotification, OutboxRelay, publishJobId, publishJobs } from './outbox-relay.service';

describe('outbox relay, from notifications', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let config: AppConfig;
  let queue: Queue;
  let relay: OutboxRelay;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await db.dataSource(2);
    config = testConfig(db.url);
    queue = new Queue(QUEUES.outbox, { connection: redisOptions(config.redis.url!), prefix: config.redis.queuePrefix });
    // Not started: it neither leads nor polls, so only what it is told is published.
    relay = new OutboxRelay(dataSource, queue as never, config);
  });
  afterAll(async () => {
    await queue.close();
    await clearQueuePrefix(config);
    await db.drop();
  });

  const insertEvent = async (): Promise<string> => {
    const eventId = randomUUID();
    await dataSource.query(
      `INSERT INTO outbox (event_id, aggregate_type, aggregate_id, sequence, event_type, payload, correlation_id) VALUES ($1, 'dossier', $2, 1, 'dossier.submitted', '{}', 'req-1')`,
      [eventId, randomUUID()],
    );
    return eventId;
  };
  const published = async (eventId: string) => (await dataSource.query('SELECT published_at FROM outbox WHERE event_id = $1', [eventId]))[0].published_at;

  it('queues the events a notification names, marks them published, and leaves the others', async () => {
    const [named, other] = [await insertEvent(), await insertEvent()];
    await relay.publishNotified(notifiedEvents(outboxNotification([{ event_id: named, correlation_id: 'req-1' }]))!);

    const job = await queue.getJob(named);
    expect(job?.data).toEqual({ eventIds: [named], correlationId: 'req-1' });
    expect(await published(named)).toBeInstanceOf(Date);
    expect(await queue.getJob(other)).toBeUndefined();
    expect(await published(other)).toBeNull();

    // A drain (what polling does) publishes the rest.
    await relay.drain();
    expect(await published(other)).toBeInstanceOf(Date);
    expect((await queue.getJob(other))?.data.eventIds).toEqual([other]);
  });

  it('publishes an event named twice once, and marks it published once', async () => {
    const eventId = await insertEvent();
    await relay.publishNotified([[eventId, null], [eventId, null]]);
    await relay.publishNotified([[eventId, null]]);
    const [{ attempts }] = await dataSource.query('SELECT attempts FROM outbox WHERE event_id = $1', [eventId]);
    expect(attempts).toBe(1);
    expect((await queue.getJobs(['waiting', 'delayed'])).filter((job) => job.id === eventId)).toHaveLength(1);
  });

  it("queues a commit's events in one job, and another commit's in another", async () => {
    const [first, second, third] = [await insertEvent(), await insertEvent(), await insertEvent()];
    await relay.publishNotified([[first, 'req-a'], [second, 'req-a'], [third, 'req-b']]);
    expect((await queue.getJob(publishJobId([first, second])))?.data).toEqual({ eventIds: [first, second], correlationId: 'req-a' });
    expect((await queue.getJob(third))?.data).toEqual({ eventIds: [third], correlationId: 'req-b' });
    expect(await queue.getJob(second)).toBeUndefined();
    for (const eventId of [first, second, third]) expect(await published(eventId)).toBeInstanceOf(Date);
  });

  it('queues an event again when it comes back grouped with another, so neither is lost as a duplicate', async () => {
    const [alone, later] = [await insertEvent(), await insertEvent()];
    await relay.publishNotified([[alone, 'req-c']]);
    await relay.publishNotified([[alone, 'req-c'], [later, 'req-c']]); // as a poll might group them
    expect((await queue.getJob(alone))?.data.eventIds).toEqual([alone]);
    expect((await queue.getJob(publishJobId([alone, later])))?.data.eventIds).toEqual([alone, later]);
  });

  it('names a job by its exact events', () => {
    expect(publishJobId(['a'])).toBe('a');
    expect(publishJobId(['a', 'b'])).toBe(publishJobId(['a', 'b']));
    expect(new Set([publishJobId(['a', 'b']), publishJobId(['a', 'c']), publishJobId(['a', 'b', 'c']), publishJobId(['b', 'a'])]).size).toBe(4);
    expect(publishJobId(['a', 'b'])).not.toContain(':');
  });

  it('groups consecutive events of one correlation id, sixteen at most', () => {
    const rows = (correlation: string | null, n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ event_id: `e${from + i}`, correlation_id: correlation }));
    const jobs = publishJobs([...rows('a', 18), ...rows(null, 2, 18), ...rows('a', 1, 20)]);
    expect(jobs.map((job) => [job.correlationId, job.eventIds.length])).toEqual([['a', 16], ['a', 2], [null, 2], ['a', 1]]);
    expect(jobs.map((job) => job.jobId)).toEqual(jobs.map((job) => publishJobId(job.eventIds)));
    expect(jobs.flatMap((job) => job.eventIds)).toEqual(Array.from({ length: 21 }, (_, i) => `e${i}`));
  });

  it('reads a notification naming events, and nothing else as one', () => {
    expect(notifiedEvents('[["a", null], ["b", "req-2"]]')).toEqual([['a', null], ['b', 'req-2']]);
    for (const payload of ['', '3f0c-dossier-id', '{}', '[["a"]]', '[[1, null]]', undefined]) expect(notifiedEvents(payload)).toBeUndefined();
  });
});
