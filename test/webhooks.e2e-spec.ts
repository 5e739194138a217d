import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Webhook } from 'standardwebhooks';
import { SecretBox, WEBHOOK_RETRY_POLICY, WebhookEndpointsService, WebhookRetryPolicy } from '@motcua/webhooks';
import { NotificationWorkerModule } from '../apps/notification-worker/src/notification-worker.module';
import { startTestApi, startTestEngine, TestApi } from './support/api';
import { loginAs, newCitizen, Session } from './support/auth';
import { btsBody, ownedFiles } from './support/dossiers';

/**
 * The real schedule spans a day; this one keeps its shape at test speed: 5 attempts 150 ms apart,
 * and an endpoint with 8 failed attempts in a row over more than 300 ms counts as failing for good.
 */
const FAST_POLICY: WebhookRetryPolicy = { backoffMs: [150, 150, 150, 150], jitter: 0, maxRetryAfterMs: 5_000, disableAfterFailures: 8, disableAfterMs: 300 };

interface EventBody {
  type: string;
  timestamp: string;
  data: { dossierCode: string; sequence: number; status: { code: number; name: string } | null; [field: string]: unknown };
}

interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  body: EventBody;
  /** Which of the receiver's known secrets verified the request with the standardwebhooks library. */
  verifiedWith: string[];
  answered: number;
}

const ACTION_EVENTS = ['dossier.submitted', 'dossier.status_changed', 'dossier.step_changed', 'dossier.result_issued'];

type Answer = { status: number; headers?: Record<string, string>; body?: string };

/** A portal stand-in on 127.0.0.1: verifies every request with standardwebhooks and answers as told. */
class Receiver {
  readonly requests: Received[] = [];
  secrets: string[] = [];
  answer: (index: number) => Answer = () => ({ status: 204 });
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = req.headers as Record<string, string>;
        const verifiedWith = this.secrets.filter((secret) => {
          try {
            new Webhook(secret).verify(raw, headers);
            return true;
          } catch {
            return false;
          }
        });
        const answer = this.answer(this.requests.length);
        this.requests.push({ at: Date.now(), headers: req.headers, body: JSON.parse(raw), verifiedWith, answered: answer.status });
        res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/motcua`;
    return this;
  }

  /** Requests it accepted (2xx), optionally for one dossier. */
  accepted(dossierCode?: string): Received[] {
    return this.requests.filter((r) => r.answered < 300 && (!dossierCode || r.body.data.dossierCode === dossierCode));
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

async function waitFor<T>(probe: () => Promise<T> | T, done: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('portal webhooks: signed, ordered, retried, replayed', () => {
  let api: TestApi;
  let db: DataSource;
  let engine: INestApplicationContext;
  let worker: INestApplicationContext;
  let admin: Session;
  let citizen: Session;
  let officers: Record<'reception' | 'head' | 'specialist' | 'director', Session>;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    api = await startTestApi({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_TIMEOUT_MS: '2000' });
    db = await api.db.dataSource(2);
    engine = await startTestEngine(api);
    // The real notification worker, with the retry schedule shortened.
    const compiled = await Test.createTestingModule({ imports: [NotificationWorkerModule.forRoot(api.config)] })
      .overrideProvider(WEBHOOK_RETRY_POLICY)
      .useValue(FAST_POLICY)
      .compile();
    compiled.useLogger(false);
    worker = await compiled.init();
    admin = await loginAs(api, 'admin');
    citizen = await newCitizen(api, 'Phạm Văn Cổng');
    officers = {
      reception: await loginAs(api, 'reception'),
      head: await loginAs(api, 'head'),
      specialist: await loginAs(api, 'specialist'),
      director: await loginAs(api, 'director'),
    };
  });

  afterEach(async () => {
    // Each test has its own endpoint; delete them so a test's dossiers reach only its receiver.
    const { body } = await request(api.http).get('/api/v1/webhook-endpoints').set(admin.auth).expect(200);
    for (const endpoint of body.items) await request(api.http).delete(`/api/v1/webhook-endpoints/${endpoint.id}`).set(admin.auth).expect(204);
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  afterAll(async () => {
    await worker?.close();
    await engine?.close();
    await api?.close();
  });

  const newReceiver = async () => {
    const receiver = await new Receiver().start();
    receivers.push(receiver);
    return receiver;
  };

  /**
   * Subscribes a receiver; it learns the secret like a portal would, from the answer. By default to the
   * events actions cause: deadline events (due_soon, overdue) come from timers at moments a test does not control.
   */
  const subscribe = async (receiver: Receiver, eventTypes: string[] = ACTION_EVENTS) => {
    const response = await request(api.http)
      .post('/api/v1/webhook-endpoints')
      .set(admin.auth)
      .send({ url: receiver.url, eventTypes, description: 'Cổng dịch vụ công tỉnh' })
      .expect(201);
    receiver.secrets = [response.body.secret];
    return response.body as { id: string; secret: string };
  };

  const submit = async (): Promise<string> => {
    const files = await ownedFiles(api, citizen.userId, 5);
    const response = await request(api.http).post('/api/v1/dossiers').set(citizen.auth).set('Idempotency-Key', randomUUID()).send(btsBody(files)).expect(201);
    return response.body.code;
  };

  const act = (session: Session, code: string, body: Record<string, unknown>) =>
    request(api.http).post(`/api/v1/dossiers/${code}/actions`).set(session.auth).send(body).expect(200);

  /** The dossier's events of the given types, in sequence order. */
  const outboxOf = async (code: string, types = ACTION_EVENTS): Promise<{ event_id: string; sequence: number; event_type: string; processed: boolean }[]> => {
    return db.query(
      `SELECT o.event_id, o.sequence, o.event_type, o.processed_at IS NOT NULL AS processed FROM outbox o JOIN dossiers d ON d.id = o.aggregate_id
       WHERE d.code = $1 AND o.event_type = ANY($2) ORDER BY o.sequence`,
      [code, types],
    );
  };

  const deliveries = async (endpointId: string, query: Record<string, string> = {}) =>
    (await request(api.http).get(`/api/v1/webhook-endpoints/${endpointId}/deliveries`).query(query).set(admin.auth).expect(200)).body;

  const endpoint = async (id: string) => (await request(api.http).get(`/api/v1/webhook-endpoints/${id}`).set(admin.auth).expect(200)).body;

  it('sends every event of a whole BTS journey, signed and in sequence order', async () => {
    const receiver = await newReceiver();
    const created = await subscribe(receiver);
    expect(created).toMatchObject({ url: receiver.url, eventTypes: ACTION_EVENTS, description: 'Cổng dịch vụ công tỉnh', enabled: true });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);

    const code = await submit();
    await act(officers.reception, code, { action: 'accept' });
    await act(officers.head, code, { action: 'assign', assignee: officers.specialist.userId });
    await act(officers.specialist, code, { action: 'forward', comment: 'Thẩm định đạt' });
    await act(officers.head, code, { action: 'approve' });
    await act(officers.director, code, { action: 'approve' });
    await act(officers.specialist, code, { action: 'issue_result', resultDocument: { number: '77/SKHCN-BCVT' } });
    await act(officers.reception, code, { action: 'deliver', deliveryRecord: { method: 'online', receivedBy: 'Phạm Văn Cổng' } });

    const events = await waitFor(() => outboxOf(code), (rows) => rows.length > 0 && rows.every((r) => r.processed), 'the events to be fanned out');
    const received = await waitFor(() => receiver.accepted(code), (r) => r.length >= events.length, 'every event at the receiver');

    expect(received.map((r) => r.body.data.sequence)).toEqual(events.map((e) => e.sequence));
    expect(received.map((r) => r.body.type)).toEqual(events.map((e) => e.event_type));
    expect(received.map((r) => r.headers['webhook-id'])).toEqual(events.map((e) => e.event_id));
    expect(received.every((r) => r.verifiedWith.length === 1)).toBe(true);
    expect(receiver.requests).toHaveLength(events.length);
    const statuses = received.filter((r) => r.body.type === 'dossier.status_changed').map((r) => r.body.data.status?.code);
    expect(statuses).toEqual([2, 4, 9, 10]);
    expect(received.map((r) => r.body.type)).toContain('dossier.result_issued');
    expect(received[0].body).toEqual({ type: 'dossier.submitted', timestamp: expect.any(String), data: expect.any(Object) });
    expect(Object.keys(received.at(-1)!.body.data)).toEqual(
      expect.arrayContaining(['dossierCode', 'procedureCode', 'agencyCode', 'status', 'previousStatus', 'step', 'sequence', 'channel', 'submittedAt', 'receivedAt', 'dueAt', 'finishedAt']),
    );

    // The receiver answers before the worker records the answer: wait for the log to catch up.
    const log = await waitFor(() => deliveries(created.id, { status: 'succeeded' }), (page) => page.total === events.length, 'the delivery log');
    expect(log.items[0]).toMatchObject({ dossierCode: code, status: 'succeeded', attempts: 1, lastAttempt: { statusCode: 204, durationMs: expect.any(Number) } });
    const metrics = await request(api.http).get('/api/v1/metrics').expect(200);
    expect(metrics.text).toMatch(/motcua_webhook_deliveries_total\{status="succeeded"\} \d+/);
  });

  it('retries a failing receiver with backoff, honours Retry-After, and delivers everything once, in order', async () => {
    const receiver = await newReceiver();
    receiver.answer = (i) => (i === 0 ? { status: 500, headers: { 'retry-after': '1' } } : i < 3 ? { status: 500, body: 'x'.repeat(3000) } : { status: 200, body: 'ok' });
    const { id } = await subscribe(receiver);

    const code = await submit();
    await act(officers.reception, code, { action: 'accept' });
    const events = await waitFor(() => outboxOf(code), (rows) => rows.length === 3 && rows.every((r) => r.processed), 'the events to be fanned out');
    const received = await waitFor(() => receiver.accepted(code), (r) => r.length >= 3, 'the events after the failures');

    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(receiver.requests.map((r) => [r.body.data.sequence, r.answered])).toEqual([
      [1, 500],
      [1, 500],
      [1, 500],
      [1, 200],
      [2, 200],
      [3, 200],
    ]);
    expect(received.map((r) => r.headers['webhook-id'])).toEqual(events.map((e) => e.event_id));
    expect(receiver.requests.every((r) => r.verifiedWith.length === 1)).toBe(true);
    const [first, second, third] = receiver.requests.map((r) => r.at);
    expect(second - first).toBeGreaterThanOrEqual(950); // Retry-After: 1
    expect(third - second).toBeLessThan(second - first); // then the (shortened) schedule again, not Retry-After

    const { items } = await deliveries(id);
    const firstDelivery = items.find((d: { sequence: number }) => d.sequence === 1);
    const detail = (await request(api.http).get(`/api/v1/webhook-deliveries/${firstDelivery.id}`).set(admin.auth).expect(200)).body;
    expect(detail).toMatchObject({ status: 'succeeded', attempts: 4, eventId: events[0].event_id });
    expect(detail.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 500, 200]);
    expect(detail.attemptLog[1].response).toHaveLength(1024);
    expect(detail.attemptLog[3]).toMatchObject({ attempt: 4, succeeded: true, response: 'ok', url: receiver.url, error: null });
    expect(await endpoint(id)).toMatchObject({ enabled: true, consecutiveFailures: 0 });
  });

  it('disables an endpoint that answers 410 Gone, and sends what waited once it is enabled again', async () => {
    const receiver = await newReceiver();
    receiver.answer = () => ({ status: 410 });
    const { id } = await subscribe(receiver);
    const code = await submit();

    const disabled = await waitFor(() => endpoint(id), (e) => !e.enabled, 'the endpoint to be disabled');
    expect(disabled.disabledReason).toBe('The endpoint answered 410 Gone.');
    expect(receiver.requests).toHaveLength(1);
    const { items } = await deliveries(id);
    expect(items).toMatchObject([{ dossierCode: code, status: 'failed', lastAttempt: { statusCode: 410 } }]);
    const [row] = await db.query('SELECT disabled_at, admin_notified_at FROM webhook_endpoints WHERE id = $1', [id]);
    expect(row).toEqual({ disabled_at: expect.any(Date), admin_notified_at: null }); // the admin notice is pending

    receiver.answer = () => ({ status: 204 });
    await request(api.http).patch(`/api/v1/webhook-endpoints/${id}`).set(admin.auth).send({ enabled: true }).expect(200);
    await waitFor(() => receiver.accepted(code), (r) => r.length === 1, 'the waiting delivery after re-enabling');
  });

  it('signs with both secrets during a rotation overlap, and with the new one only after it', async () => {
    const receiver = await newReceiver();
    const { id, secret: first } = await subscribe(receiver);
    const rotated = await request(api.http).post(`/api/v1/webhook-endpoints/${id}/rotate-secret`).set(admin.auth).send({ overlapHours: 1 }).expect(200);
    const second: string = rotated.body.secret;
    expect(second).not.toBe(first);
    expect(Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(3_500_000);
    const shown = await endpoint(id);
    expect(shown).not.toHaveProperty('secret');
    expect(JSON.stringify(shown)).not.toContain(second.slice(6));

    receiver.secrets = [first, second];
    const code = await submit();
    const [overlap] = await waitFor(() => receiver.accepted(code), (r) => r.length === 1, 'the event during the overlap');
    expect((overlap.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
    expect(overlap.verifiedWith).toEqual([first, second]);

    const third: string = (await request(api.http).post(`/api/v1/webhook-endpoints/${id}/rotate-secret`).set(admin.auth).send({ overlapHours: 0 }).expect(200)).body.secret;
    receiver.secrets = [second, third];
    await act(officers.reception, code, { action: 'accept' });
    const after = await waitFor(() => receiver.accepted(code), (r) => r.length === 3, 'the events after the overlap');
    for (const event of after.slice(1)) {
      expect((event.headers['webhook-signature'] as string).split(' ')).toHaveLength(1);
      expect(event.verifiedWith).toEqual([third]);
    }
  });

  it('keeps secrets encrypted in the database, and seals one found in clear, which then still signs', async () => {
    const receiver = await newReceiver();
    const { id, secret } = await subscribe(receiver);
    const stored = async () => (await db.query('SELECT secret, previous_secret FROM webhook_endpoints WHERE id = $1', [id]))[0];
    expect((await stored()).secret).toMatch(/^v1\./);
    expect((await stored()).secret).not.toContain(secret.slice(6));

    // As a database from before encryption holds it: the start-up pass seals it.
    await db.query('UPDATE webhook_endpoints SET secret = $2, previous_secret = NULL WHERE id = $1', [id, secret]);
    expect(await api.app.get(WebhookEndpointsService).sealStoredSecrets()).toBe(1);
    expect((await stored()).secret).toMatch(/^v1\./);
    expect(await api.app.get(WebhookEndpointsService).sealStoredSecrets()).toBe(0);

    const code = await submit();
    const [event] = await waitFor(() => receiver.accepted(code), (r) => r.length === 1, 'the event signed with the sealed secret');
    expect(event.verifiedWith).toEqual([secret]);

    // Sealed under another key (WEBHOOK_SECRETS_KEY changed): the attempt fails, logged with the reason, and nothing is sent.
    await db.query('UPDATE webhook_endpoints SET secret = $2 WHERE id = $1', [id, new SecretBox(randomBytes(32)).seal(secret)]);
    const unsigned = await submit();
    const log = await waitFor(() => deliveries(id), (l) => l.items.some((d: { dossierCode: string; lastAttempt: unknown }) => d.dossierCode === unsigned && d.lastAttempt), 'the failed attempt');
    expect(log.items.find((d: { dossierCode: string }) => d.dossierCode === unsigned)).toMatchObject({
      status: expect.stringMatching(/^(failed|dead)$/),
      lastAttempt: { statusCode: null, error: expect.stringContaining('WEBHOOK_SECRETS_KEY') },
    });
    expect(receiver.accepted(unsigned)).toEqual([]);
    await request(api.http).delete(`/api/v1/webhook-endpoints/${id}`).set(admin.auth).expect(204);
  });

  it('checks endpoint input: fields, roles, and (here) allows loopback', async () => {
    const receiver = await newReceiver();
    const bad = await request(api.http).post('/api/v1/webhook-endpoints').set(admin.auth).send({ url: 'ftp://127.0.0.1/x', eventTypes: ['dossier.teleported'] }).expect(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['eventTypes']);
    const badUrl = await request(api.http).post('/api/v1/webhook-endpoints').set(admin.auth).send({ url: 'ftp://127.0.0.1/x', eventTypes: ['dossier.submitted'] }).expect(422);
    expect(badUrl.body.errors).toEqual([{ field: 'url', message: 'url must be an http:// or https:// URL' }]);
    const forbidden = await request(api.http).post('/api/v1/webhook-endpoints').set(officers.reception.auth).send({ url: receiver.url, eventTypes: ['dossier.submitted'] });
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'forbidden']);
    await request(api.http).get('/api/v1/webhook-endpoints/not-a-uuid').set(admin.auth).expect(404);
    await request(api.http).post('/api/v1/webhook-endpoints').set(admin.auth).send({ url: receiver.url, eventTypes: ['dossier.submitted'] }).expect(201);
  });

  it('refuses private, loopback and link-local URLs when the configuration does not allow them', async () => {
    const strict = await startTestApi();
    try {
      const strictAdmin = await loginAs(strict, 'admin');
      const refuse = async (url: string, kind: string) => {
        const response = await request(strict.http).post('/api/v1/webhook-endpoints').set(strictAdmin.auth).send({ url, eventTypes: ['dossier.submitted'] }).expect(422);
        expect(response.body.errors).toEqual([{ field: 'url', message: expect.stringContaining(`is ${kind})`) }]);
      };
      await refuse('http://10.0.0.1/x', 'private');
      await refuse('http://169.254.169.254/', 'link-local');
      await refuse('https://localhost/hooks', 'loopback');
      await refuse('https://[::1]/hooks', 'loopback');
      await refuse('https://[fd00::1]/hooks', 'unique-local');
      const { body } = await request(strict.http).get('/api/v1/webhook-endpoints').set(strictAdmin.auth).expect(200);
      expect(body.items).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('re-sends a dead delivery by hand, and recovers everything failed or missed since a time', async () => {
    const receiver = await newReceiver();
    receiver.answer = () => ({ status: 500 });
    const { id } = await subscribe(receiver);

    const first = await submit();
    const [dead] = (await waitFor(() => deliveries(id, { status: 'dead' }), (page) => page.total === 1, 'the delivery to die')).items;
    expect(receiver.requests).toHaveLength(5); // the first try and 4 retries
    expect((await endpoint(id)).enabled).toBe(true);

    receiver.answer = () => ({ status: 204 });
    const retried = await request(api.http).post(`/api/v1/webhook-deliveries/${dead.id}/retry`).set(admin.auth).expect(202);
    expect(retried.body.id).toBe(dead.id);
    await waitFor(() => receiver.accepted(first), (r) => r.length === 1, 'the manual re-send');
    const resent = await waitFor(
      async () => (await request(api.http).get(`/api/v1/webhook-deliveries/${dead.id}`).set(admin.auth).expect(200)).body,
      (delivery) => delivery.status === 'succeeded',
      'the re-send to be logged',
    );
    expect(resent).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(resent.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 500, 500, 500, 204]);

    // An outage: one dossier's event dies, another's is missed while the endpoint is disabled.
    const since = new Date(Date.now() - 1000).toISOString();
    receiver.answer = () => ({ status: 500 });
    const second = await submit();
    await waitFor(() => deliveries(id, { status: 'dead' }), (page) => page.total === 1, 'the second delivery to die');
    await request(api.http).patch(`/api/v1/webhook-endpoints/${id}`).set(admin.auth).send({ enabled: false }).expect(200);
    const third = await submit();
    await waitFor(() => outboxOf(third, ['dossier.submitted']), (rows) => rows.length === 1 && rows[0].processed, 'the missed event to be processed');
    await request(api.http).patch(`/api/v1/webhook-endpoints/${id}`).set(admin.auth).send({ enabled: true }).expect(200);
    receiver.answer = () => ({ status: 204 });

    const recovered = await request(api.http).post(`/api/v1/webhook-endpoints/${id}/recover`).set(admin.auth).send({ since }).expect(202);
    expect(recovered.body).toEqual({ requeued: 1, added: 1 });
    await waitFor(() => [receiver.accepted(second).length, receiver.accepted(third).length], ([a, b]) => a === 1 && b === 1, 'the recovered deliveries');
    await waitFor(() => deliveries(id, { status: 'succeeded' }), (page) => page.total === 3, 'every delivery to succeed');
    expect(receiver.accepted().every((r) => r.verifiedWith.length === 1)).toBe(true);

    const future = await request(api.http).post(`/api/v1/webhook-endpoints/${id}/recover`).set(admin.auth).send({ since: new Date(Date.now() + 60_000).toISOString() }).expect(422);
    expect(future.body.errors[0].field).toBe('since');
  });

  it('disables an endpoint after sustained failure and records the notice for the admins', async () => {
    const receiver = await newReceiver();
    receiver.answer = () => ({ status: 503 });
    const { id } = await subscribe(receiver);
    await Promise.all([submit(), submit(), submit()]);

    const disabled = await waitFor(() => endpoint(id), (e) => !e.enabled, 'the endpoint to be disabled');
    expect(disabled.disabledReason).toMatch(/^\d+ failed attempts in a row since .* \(last: HTTP 503\)\.$/);
    await new Promise((resolve) => setTimeout(resolve, 100)); // an attempt claimed just before may still land
    const calls = receiver.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.requests.length).toBe(calls); // nothing more is sent to a disabled endpoint
    const { items } = await deliveries(id);
    expect(items.some((d: { status: string }) => d.status === 'failed')).toBe(true);
  });
});
