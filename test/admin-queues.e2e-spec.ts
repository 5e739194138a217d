import { Queue, UnrecoverableError, Worker } from 'bullmq';
import request from 'supertest';
import { QUEUES, redisOptions } from '@motcua/messaging';
import { startTestApi, TestApi } from './support/api';
import { loginAs, Session } from './support/auth';

describe('the queue dashboard for administrators', () => {
  let api: TestApi;
  let admin: Session;
  let queue: Queue;

  beforeAll(async () => {
    api = await startTestApi();
    admin = await loginAs(api, 'admin');
    queue = new Queue(QUEUES.webhooks, { connection: redisOptions(api.config.redis.url!), prefix: api.config.redis.queuePrefix });
  });
  afterAll(async () => {
    await queue.close();
    await api.close();
  });

  it('is for administrators only', async () => {
    const reception = await loginAs(api, 'reception');
    expect((await request(api.http).get('/api/v1/admin/queues').set(reception.auth)).status).toBe(403);
    expect((await request(api.http).get('/api/v1/admin/queues')).status).toBe(401);
  });

  it('counts the jobs of every queue, lists failed jobs with their reason and retries them', async () => {
    const worker = new Worker(
      QUEUES.webhooks,
      async () => {
        throw new UnrecoverableError('receiver refused the delivery');
      },
      { connection: redisOptions(api.config.redis.url!), prefix: api.config.redis.queuePrefix },
    );
    const failed = new Promise((resolve) => worker.once('failed', resolve));
    await queue.add('deliver-webhook', { deliveryId: '00000000-0000-4000-8000-000000000001' });
    await failed;
    await worker.close();

    const overview = await request(api.http).get('/api/v1/admin/queues').set(admin.auth).expect(200);
    expect(overview.body.items.map((q: { queue: string }) => q.queue).sort()).toEqual(['notifications', 'outbox', 'webhooks', 'workflow-commands', 'workflow-timers']);
    expect(overview.body.items.find((q: { queue: string }) => q.queue === 'webhooks').counts).toMatchObject({ failed: 1, waiting: 0 });

    const list = await request(api.http).get('/api/v1/admin/queues/webhooks/failed').set(admin.auth).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ name: 'deliver-webhook', failedReason: 'receiver refused the delivery' })]);

    const retried = await request(api.http).post('/api/v1/admin/queues/webhooks/failed/retry').set(admin.auth).expect(201);
    expect(retried.body).toEqual({ retried: 1 });
    expect(await queue.getJobCounts('failed', 'waiting')).toMatchObject({ failed: 0, waiting: 1 });
  });

  it('refuses an unknown queue, naming it', async () => {
    const response = await request(api.http).get('/api/v1/admin/queues/nonsense/failed').set(admin.auth);
    expect(response.status).toBe(422);
    expect(response.body.errors[0].field).toBe('queue');
  });
});
