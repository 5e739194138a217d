import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplicationContext } from '@nestjs/common';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { projectRoot } from '@motcua/config';
import { OutboxEventEntity } from '@motcua/messaging';
import { NotificationFanOut } from '@motcua/notifications';
import { startServices } from '@motcua/runtime';
import { notificationWorker } from '../apps/notification-worker/src/notification-worker.app';
import { PublishEventProcessor } from '../apps/notification-worker/src/events/publish-event.processor';
import { NotificationSweeper } from '../apps/notification-worker/src/notifications/notification-sweeper';
import { startTestApi, startTestEngine, startTestNotificationWorker, TestApi } from './support/api';
import { loginAs, newCitizen, Session } from './support/auth';
import { btsBody, enterpriseApplicant, ownedFiles } from './support/dossiers';

// ---------------------------------------------------------------------------------------------
// A real SMTP server and a real HTTP SMS gateway on loopback, started by the test.
// ---------------------------------------------------------------------------------------------

interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=); adjacent words join before UTF-8 decoding. */
function decodeWords(value: string): string {
  const word = /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g;
  let out = '';
  let pending: Buffer[] = [];
  let last = 0;
  for (const match of value.matchAll(word)) {
    const between = value.slice(last, match.index);
    if (!(pending.length && /^\s*$/.test(between))) {
      out += Buffer.concat(pending).toString('utf8') + between;
      pending = [];
    }
    const [, , encoding, text] = match;
    pending.push(
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1'),
    );
    last = match.index! + match[0].length;
  }
  return out + Buffer.concat(pending).toString('utf8') + value.slice(last);
}

/** Just enough MIME for nodemailer's single-part text messages. */
function parseMail(raw: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = raw.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body, 'base64')
      : encoding === 'quoted-printable'
        ? Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1')
        : Buffer.from(body, 'utf8');
  return { to, subject: decodeWords(headers.subject ?? ''), text: bytes.toString('utf8').replace(/\r\n/g, '\n'), headers };
}

async function startSmtp(): Promise<{ url: string; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push(parseMail(Buffer.concat(chunks).toString('latin1'), session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

interface GatewayRequest {
  headers: IncomingHttpHeaders;
  body: { to: string; text: string; sender: string; reference: string };
}

/** Numbers the gateway refuses for good, and numbers for which it is unavailable once. */
const REJECTED_PHONE = '0911000400';
const FLAKY_PHONE = '0911000503';

async function startGateway(): Promise<{ url: string; requests: GatewayRequest[]; close(): Promise<void> }> {
  const requests: GatewayRequest[] = [];
  let served = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      requests.push({ headers: req.headers, body });
      const answer = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (body.to === `84${REJECTED_PHONE.slice(1)}`) return answer(400, { error: { code: 'INVALID_NUMBER', message: 'Số thuê bao không tồn tại' } });
      if (body.to === `84${FLAKY_PHONE.slice(1)}` && requests.filter((r) => r.body.to === body.to).length === 1) {
        return answer(503, { error: { code: 'UNAVAILABLE', message: 'try later' } });
      }
      served += 1;
      return answer(200, { id: `gw-${served}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/sms/send`, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// ---------------------------------------------------------------------------------------------

/** Polls until `probe` returns something truthy (or its last error after the timeout). */
async function eventually<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Vietnam has no daylight saving: UTC+7 all year. An independent check of the templates' date format. */
function vietnamTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

interface MessageRow {
  id: string;
  event_type: string;
  channel: string;
  recipient: string;
  status: string;
  attempts: number;
  failure_reason: string | null;
  fallback_of: string | null;
  template: string;
}

async function submitDossier(api: TestApi, citizen: Session, applicant: { email: string; phone: string }): Promise<{ code: string; id: string }> {
  const files = await ownedFiles(api, citizen.userId, 5);
  const body = btsBody(files, { applicant: { ...enterpriseApplicant, ...applicant } });
  const response = await request(api.http).post('/api/v1/dossiers').set(citizen.auth).set('Idempotency-Key', randomUUID()).send(body).expect(201);
  const db = await api.db.dataSource(2);
  const [{ id }] = await db.query('SELECT id FROM dossiers WHERE code = $1', [response.body.code]);
  return { code: response.body.code, id };
}

describe('Notifications: e-mail over SMTP and SMS through an HTTP gateway', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let api: TestApi;
  let engine: INestApplicationContext;
  let worker: INestApplicationContext;
  let db: DataSource;
  let reception: Session;

  const messagesOf = (dossierId: string): Promise<MessageRow[]> =>
    db.query('SELECT * FROM notification_messages WHERE dossier_id = $1 ORDER BY created_at, channel', [dossierId]);
  const citizenPreferring = async (channels: string) => {
    const citizen = await newCitizen(api, 'Đặng Văn Trạm');
    await db.query('UPDATE users SET notification_channels = $2 WHERE id = $1', [citizen.userId, channels]);
    return citizen;
  };

  beforeAll(async () => {
    [smtp, gateway] = await Promise.all([startSmtp(), startGateway()]);
    api = await startTestApi({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Sở Khoa học và Công nghệ <motcua@skhcn.example.vn>',
      SMS_PROVIDER: 'generic-json',
      SMS_GATEWAY_URL: gateway.url,
      SMS_API_KEY: 'test-gateway-key',
      NOTIFICATION_RETRY_DELAY_MS: '300',
    });
    [engine, worker] = await Promise.all([startTestEngine(api), startTestNotificationWorker(api)]);
    db = await api.db.dataSource(2);
    reception = await loginAs(api, 'reception');
  });
  afterAll(async () => {
    await worker?.close();
    await engine?.close();
    await api?.close();
    await Promise.all([smtp?.close(), gateway?.close()]);
  });

  let accepted: { code: string; id: string; dueAt: string };

  it('sends the applicant form 01 by e-mail and by SMS when the dossier is accepted, and the head new work', async () => {
    const citizen = await citizenPreferring('{email,sms}');
    const dossier = await submitDossier(api, citizen, { email: 'BTS.Accept@viettel.example.vn', phone: '0981 234 567' });
    const response = await request(api.http).post(`/api/v1/dossiers/${dossier.code}/actions`).set(reception.auth).send({ action: 'accept' }).expect(200);
    accepted = { ...dossier, dueAt: response.body.dueAt };
    const due = vietnamTime(accepted.dueAt);

    const mail = await eventually(() => smtp.mails.find((m) => m.to.includes('bts.accept@viettel.example.vn') && m.subject.includes('Được tiếp nhận')));
    expect(mail.subject).toBe(`[Một cửa điện tử] Hồ sơ ${dossier.code}: Được tiếp nhận, hẹn trả kết quả ${due}`);
    expect(mail.headers.from).toContain('<motcua@skhcn.example.vn>');
    expect(mail.text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(mail.text).toContain(`Mã hồ sơ: ${dossier.code}`);
    expect(mail.text).toContain('Kính gửi Tổng Công ty Viễn thông Viettel,');
    expect(mail.text).toContain('Sở Khoa học và Công nghệ');
    expect(mail.text).toContain(`Ngày hẹn trả kết quả: ${due}`);
    expect(mail.text).toContain('Hình thức nhận kết quả: trực tuyến');

    const sms = await eventually(() => gateway.requests.find((r) => r.body.to === '84981234567' && r.body.text.includes('Được tiếp nhận')));
    expect(sms.headers.authorization).toBe('Bearer test-gateway-key');
    expect(sms.headers['content-type']).toBe('application/json');
    expect(sms.body).toEqual({
      to: '84981234567',
      text: expect.stringMatching(new RegExp(`^Hồ sơ ${dossier.code.replace(/\./g, '\\.')}: Được tiếp nhận lúc \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d\\. Hẹn trả kết quả: ${due}\\.$`)),
      sender: 'MOTCUA',
      reference: expect.any(String),
    });

    const headMail = await eventually(() => smtp.mails.find((m) => m.to.includes('head@skhcn.example.vn') && m.subject.includes(dossier.code)));
    expect(headMail.subject).toBe(`[Một cửa điện tử] Hồ sơ ${dossier.code} chờ xử lý: Phân công thụ lý`);

    const messages = await eventually(async () => {
      const rows = (await messagesOf(dossier.id)).filter((m) => m.event_type === 'dossier.status_changed');
      return rows.length === 2 && rows.every((m) => m.status === 'delivered') && rows;
    });
    expect(messages.map((m) => [m.channel, m.recipient, m.template, m.attempts])).toEqual([
      ['email', 'bts.accept@viettel.example.vn', 'applicant-received', 1],
      ['sms', '0981234567', 'applicant-received', 1],
    ]);
    expect(sms.body.reference).toBe(messages[1].id);
    const attempts = await db.query('SELECT message_id, provider, outcome, response_code FROM notification_attempts WHERE message_id = ANY($1) ORDER BY provider', [messages.map((m) => m.id)]);
    expect(attempts).toEqual([
      { message_id: messages[1].id, provider: 'generic-json', outcome: 'delivered', response_code: 'HTTP 200' },
      { message_id: messages[0].id, provider: 'smtp', outcome: 'delivered', response_code: '250' },
    ]);
  });

  it("tells the applicant the new appointment date when the head issues an apology (form 04)", async () => {
    const citizen = await citizenPreferring('{email,sms}');
    const dossier = await submitDossier(api, citizen, { email: 'bts.apology@viettel.example.vn', phone: '0981 234 568' });
    const act = (session: Session, body: Record<string, unknown>) =>
      request(api.http).post(`/api/v1/dossiers/${dossier.code}/actions`).set(session.auth).send(body).expect(200);
    const dueAt: string = (await act(reception, { action: 'accept' })).body.dueAt;
    const promised = new Date(Date.parse(dueAt) + 5 * 86_400_000).toISOString();
    await act(await loginAs(api, 'head'), { action: 'extend', newDueDate: promised, reason: 'Cần khảo sát thực địa vị trí trạm' });

    const mail = await eventually(() => smtp.mails.find((m) => m.to.includes('bts.apology@viettel.example.vn') && m.subject.includes('hẹn lại')));
    expect(mail.subject).toBe(`[Một cửa điện tử] Hồ sơ ${dossier.code}: hẹn lại ngày trả kết quả ${vietnamTime(promised)}`);
    expect(mail.text).toContain(`Ngày hẹn trả kết quả trước đây: ${vietnamTime(dueAt)}`);
    expect(mail.text).toContain(`Ngày hẹn trả kết quả mới: ${vietnamTime(promised)}`);
    const sms = await eventually(() => gateway.requests.find((r) => r.body.to === '84981234568' && r.body.text.includes('hẹn lại')));
    expect(sms.body.text).toBe(`Hồ sơ ${dossier.code}: hẹn lại ngày trả kết quả ${vietnamTime(promised)} (trước đây ${vietnamTime(dueAt)}).`);
  });

  it('falls back to e-mail when the gateway refuses the number for good', async () => {
    const citizen = await citizenPreferring('{sms}');
    const dossier = await submitDossier(api, citizen, { email: 'bts-fallback@viettel.example.vn', phone: REJECTED_PHONE });

    const mail = await eventually(() => smtp.mails.find((m) => m.to.includes('bts-fallback@viettel.example.vn')));
    expect(mail.subject).toBe(`[Một cửa điện tử] Đã nhận hồ sơ ${dossier.code}`);
    expect(mail.text).toContain('Sở Khoa học và Công nghệ đã nhận hồ sơ của ông/bà.');

    const [sms, email] = await eventually(async () => {
      const rows = await messagesOf(dossier.id);
      const applicant = rows.filter((m) => m.template === 'applicant-submitted');
      return applicant.length === 2 && applicant.every((m) => m.status !== 'created' && m.status !== 'sending') && [applicant.find((m) => m.channel === 'sms')!, applicant.find((m) => m.channel === 'email')!];
    });
    expect(sms).toMatchObject({ status: 'permanent-failure', attempts: 1, failure_reason: 'HTTP 400 INVALID_NUMBER' });
    expect(email).toMatchObject({ status: 'delivered', fallback_of: sms.id, recipient: 'bts-fallback@viettel.example.vn' });
    expect(gateway.requests.filter((r) => r.body.to === `84${REJECTED_PHONE.slice(1)}`)).toHaveLength(1);
  });

  it('retries an SMS after a temporary failure (503) and then delivers it', async () => {
    const citizen = await citizenPreferring('{sms}');
    const dossier = await submitDossier(api, citizen, { email: 'bts-flaky@viettel.example.vn', phone: FLAKY_PHONE });

    const sms = await eventually(async () => (await messagesOf(dossier.id)).find((m) => m.channel === 'sms' && m.status === 'delivered'));
    expect(sms.attempts).toBe(2);
    const attempts = await db.query('SELECT attempt, outcome, response_code, started_at FROM notification_attempts WHERE message_id = $1 ORDER BY attempt', [sms.id]);
    expect(attempts.map((a: { attempt: number; outcome: string; response_code: string }) => [a.attempt, a.outcome, a.response_code])).toEqual([
      [1, 'temporary-failure', 'HTTP 503 UNAVAILABLE'],
      [2, 'delivered', 'HTTP 200'],
    ]);
    // Backoff: the second attempt waited about NOTIFICATION_RETRY_DELAY_MS (300 ms, ±10 %).
    expect(attempts[1].started_at.getTime() - attempts[0].started_at.getTime()).toBeGreaterThanOrEqual(250);
    const sent = gateway.requests.filter((r) => r.body.to === `84${FLAKY_PHONE.slice(1)}`);
    expect(sent.map((r) => r.body.reference)).toEqual([sms.id, sms.id]);
    // Only the SMS: the applicant prefers SMS and it got through.
    expect(smtp.mails.filter((m) => m.to.includes('bts-flaky@viettel.example.vn'))).toEqual([]);
  });

  it('creates no duplicate message when the same event is consumed again', async () => {
    const [event] = await db.query(`SELECT event_id FROM outbox WHERE aggregate_id = $1 AND event_type = 'dossier.status_changed'`, [accepted.id]);
    const before = await messagesOf(accepted.id);
    const mailsBefore = smtp.mails.length;

    await db.query('UPDATE outbox SET processed_at = NULL WHERE event_id = $1', [event.event_id]);
    await worker.get(PublishEventProcessor).consume([event.event_id]);
    const fanOut = worker.get(NotificationFanOut);
    const enqueue = await db.transaction(async (manager) => fanOut.fanOut(manager, await manager.findOneByOrFail(OutboxEventEntity, { eventId: event.event_id })));
    await enqueue();

    await sleep(500);
    expect((await messagesOf(accepted.id)).map((m) => [m.id, m.status])).toEqual(before.map((m) => [m.id, m.status]));
    expect(smtp.mails.length).toBe(mailsBefore);
  });

  it('re-queues a message whose job was lost (Redis flushed): the sweeper finds it in PostgreSQL', async () => {
    const [{ id }] = await db.query(
      `INSERT INTO notification_messages (event_id, event_type, dossier_id, channel, recipient, recipient_kind, template, template_version, personalisation, subject, body, status, next_attempt_at)
       VALUES ($1, 'dossier.submitted', $2, 'email', 'lost-job@example.vn', 'applicant', 'applicant-submitted', 1, '{}', 'Thư không có việc trong hàng đợi', 'Nội dung', 'created', now() - interval '1 minute')
       RETURNING id`,
      [randomUUID(), accepted.id],
    );
    expect(await worker.get(NotificationSweeper).sweep(0)).toBeGreaterThanOrEqual(1);
    const mail = await eventually(() => smtp.mails.find((m) => m.to.includes('lost-job@example.vn')));
    expect(mail.subject).toBe('Thư không có việc trong hàng đợi');
    expect(mail.headers['x-motcua-message-id']).toBe(id);
  });

  it('refuses to start the worker with a template naming an unknown placeholder, or an SMS provider that is not there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-config-'));
    cpSync(join(projectRoot(), 'config'), join(dir, 'config'), { recursive: true });
    writeFileSync(join(dir, 'config/templates/applicant-received.sms.json'), JSON.stringify({ version: 2, body: 'Hồ sơ {{dossierCode}}, hẹn {{ngayHen}}' }));
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: api.db.url,
      REDIS_URL: api.config.redis.url,
      QUEUE_PREFIX: api.config.redis.queuePrefix,
    };
    const quiet = () => undefined;
    try {
      await expect(startServices([notificationWorker], { ...env, CONFIG_DIR: join(dir, 'config') }, quiet)).rejects.toThrow(
        'config/templates/applicant-received.sms.json: unknown placeholder {{ngayHen}}',
      );
      await expect(startServices([notificationWorker], { ...env, SMS_PROVIDER: 'vietguys' }, quiet)).rejects.toThrow(
        /^SMS_PROVIDER: no config\/sms-gateways\/vietguys\.json \(available: .*generic-json/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts messages per channel and status in /metrics', async () => {
    const metrics = await request(api.http).get('/api/v1/metrics').expect(200);
    expect(metrics.text).toMatch(/motcua_notification_messages_total\{channel="email",status="delivered"\} [1-9]/);
    expect(metrics.text).toMatch(/motcua_notification_messages_total\{channel="sms",status="permanent-failure"\} [1-9]/);
    expect(metrics.text).toMatch(/motcua_notification_messages_total\{channel="sms",status="temporary-failure"\} [1-9]/);
  });
});

describe('Notifications: the daily cap per channel', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let api: TestApi;
  let engine: INestApplicationContext;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    smtp = await startSmtp();
    api = await startTestApi({ SMTP_URL: smtp.url, EMAIL_DAILY_CAP: '3', NOTIFICATION_RETRY_DELAY_MS: '300' });
    [engine, worker] = await Promise.all([startTestEngine(api), startTestNotificationWorker(api)]);
  });
  afterAll(async () => {
    await worker?.close();
    await engine?.close();
    await api?.close();
    await smtp?.close();
  });

  it('stops sending e-mail beyond the cap: the rest end as permanent-failure, daily_cap_reached, never tried', async () => {
    const db = await api.db.dataSource(2);
    const citizen = await newCitizen(api, 'Lý Thị Hạn Mức');
    await db.query(`UPDATE users SET notification_channels = '{email}' WHERE id = $1`, [citizen.userId]);
    const dossier = await submitDossier(api, citizen, { email: 'cap@viettel.example.vn', phone: '0981234567' });
    // Submission: the applicant's receipt and the desk's new work (2); acceptance: form 01 and the head's new work (2 more).
    await eventually(async () => (await db.query(`SELECT 1 FROM notification_messages WHERE dossier_id = $1 AND status = 'delivered'`, [dossier.id])).length === 2);
    const reception = await loginAs(api, 'reception');
    await request(api.http).post(`/api/v1/dossiers/${dossier.code}/actions`).set(reception.auth).send({ action: 'accept' }).expect(200);

    const rows: { status: string; attempts: number; failure_reason: string | null; id: string }[] = await eventually(async () => {
      const found = await db.query('SELECT id, status, attempts, failure_reason FROM notification_messages WHERE dossier_id = $1', [dossier.id]);
      return found.length === 4 && found.every((m: { status: string }) => ['delivered', 'permanent-failure'].includes(m.status)) && found;
    });
    expect(rows.filter((m) => m.status === 'delivered')).toHaveLength(3);
    const capped = rows.filter((m) => m.status === 'permanent-failure');
    expect(capped).toEqual([{ id: expect.any(String), status: 'permanent-failure', attempts: 0, failure_reason: 'daily_cap_reached: 3 email messages per day' }]);
    expect(await db.query('SELECT 1 FROM notification_attempts WHERE message_id = $1', [capped[0].id])).toEqual([]);
    expect(smtp.mails).toHaveLength(3);
    const [{ count }] = await db.query(`SELECT count FROM notification_daily_counts WHERE channel = 'email'`);
    expect(count).toBe(3);
  });
});
