'use strict';
/**
 * Benchmark 4, webhook latency: from the commit of a dossier status change to its arrival at a portal
 * receiver, with every event checked to arrive exactly once per endpoint, in sequence order per
 * dossier, with a valid Standard Webhooks signature.
 *
 * Path measured: commit (outbox row) → outbox relay in workflow-engine → BullMQ → notification-worker
 * fan-out (webhook_deliveries) → delivery job → signed POST → receiver (bench/lib/webhook-receiver.js,
 * its own process). Commit time is the outbox row's created_at (PostgreSQL's now(), i.e. the start
 * of the committing transaction, so latencies are slightly overstated); receive time is the
 * receiver's clock when the body has arrived; same machine, same clock.
 *
 * Producers, each an open loop at BENCH_WEBHOOK_RATE events/s (default 200; an accept emits two
 * events, status_changed and step_changed, so half as many transitions/s):
 * - api: officer `accept` actions through POST /api/v1/dossiers/{code}/actions (the real commit path);
 * - sql: the same transition committed by one SQL statement (dossier row, two outbox rows with the
 *   payloads of a real accept, pg_notify), to load the webhook path at the target rate when the API
 *   cannot produce it on this machine.
 * Knobs: BENCH_WEBHOOK_RATE, BENCH_WEBHOOK_ENDPOINTS (default 1), BENCH_WEBHOOK_PRODUCERS (default api,sql).
 */
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { Queue } = require('bullmq');
const { Client, Pool } = require('pg');
const { openLoop, send, percentile } = require('./load');
const procs = require('./procs');
const data = require('./data');

/** The events an accept emits, and the ones the bench endpoints subscribe to. */
const TYPES = ['dossier.status_changed', 'dossier.step_changed'];
const GOAL_P95_MS = 250;
/** Dossier codes g = 7 000 001… (other phases use other ranges). */
const FIRST_G = 7_000_001;
/** The load generator's cap: past it, requests are dropped (counted) rather than queued for minutes. */
const MAX_IN_FLIGHT = 64;
/** Draining ends when nothing moved for this long; what has not arrived by then is lost. */
const DRAIN_IDLE_MS = 30_000;
const OUTBOX_CHANNEL = 'motcua_outbox';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const epochMs = () => performance.timeOrigin + performance.now();
const round = (x) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);

function percentiles(values) {
  const sorted = Float64Array.from(values).sort();
  return { n: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted.length ? sorted[sorted.length - 1] : null) };
}

// ---------------------------------------------------------------------------------------------
// Set-up

/**
 * The runner's other phases run without the notification worker, so their events are still
 * waiting; mark them handled so the worker spends the measured window on this phase's events only.
 */
async function settleBacklog(db, env) {
  const { rowCount } = await db.query(`UPDATE outbox SET published_at = coalesce(published_at, now()), processed_at = now() WHERE processed_at IS NULL`);
  // Their publish jobs, queued while no worker ran, would only be skipped one by one: drop them.
  const url = new URL(env.REDIS_URL);
  const queue = new Queue('outbox', { connection: { host: url.hostname, port: Number(url.port || 6379) }, prefix: env.QUEUE_PREFIX });
  await queue.drain(true);
  await queue.close();
  return rowCount;
}

async function startWorker(h) {
  const worker = procs.start('notification-worker', path.join(h.dist, 'apps/notification-worker/src/main.js'), { ...h.env, PORT: String(h.workerPort) }, { cwd: h.root, args: h.profileArgs });
  await procs.waitLog(worker, /Notification worker: running/);
  return worker;
}

/** Endpoints registered through the admin API, as a portal operator would; returns their secrets. */
async function createEndpoints(h, count) {
  const admin = await h.login('admin');
  const secrets = [];
  for (let i = 0; i < count; i++) {
    const res = await send(undefined, {
      port: h.apiPort,
      method: 'POST',
      path: '/api/v1/webhook-endpoints',
      headers: admin,
      body: { url: `http://127.0.0.1:${h.receiverPort}/hooks/${i}`, eventTypes: TYPES, description: `Bench portal ${i}` },
    });
    if (res.status !== 201) throw new Error(`webhook endpoint: ${res.status} ${JSON.stringify(res.body)}`);
    secrets.push(res.body.secret);
  }
  return secrets;
}

async function startReceiver(h, secrets) {
  const receiver = procs.start('webhook-receiver', path.join(__dirname, 'webhook-receiver.js'), { ...h.env, PORT: String(h.receiverPort), RECEIVER_SECRETS: JSON.stringify(secrets) });
  await procs.waitLog(receiver, /ready/);
  return receiver;
}

function receiverRecords(port) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/records' }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
      })
      .on('error', reject);
  });
}

/**
 * When each event's commit became visible: the relay's NOTIFY, naming the commit's events
 * ([[eventId, correlationId], …]), is delivered at commit. Compared with created_at it shows how far
 * the transaction start precedes the commit (approximate: seen through the runner's event loop).
 */
async function listenCommits(url) {
  const client = new Client({ connectionString: url });
  const seen = new Map();
  await client.connect();
  client.on('notification', (m) => {
    const at = epochMs();
    let named = [];
    try {
      named = JSON.parse(m.payload);
    } catch {
      return;
    }
    for (const [eventId] of Array.isArray(named) ? named : []) if (!seen.has(eventId)) seen.set(eventId, at);
  });
  await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
  return { seen, close: () => client.end().catch(() => {}) };
}

// ---------------------------------------------------------------------------------------------
// Producers: each returns next(dossier) for openLoop

function apiProducer(h, reception) {
  return (d) => ({
    port: h.apiPort,
    method: 'POST',
    path: `/api/v1/dossiers/${encodeURIComponent(d.code)}/actions`,
    headers: { ...reception, 'idempotency-key': randomUUID() },
    body: { action: 'accept' },
  });
}

/**
 * One statement, one transaction: the accept's dossier update and its two outbox rows, with the
 * payloads of a real accept (code, sequence and times replaced) and a correlation id of their own
 * as a request gives them, then the relay's NOTIFY naming the two events as the service's
 * notification does ([[eventId, correlationId], …]).
 */
const SQL_ACCEPT = `
  WITH d AS (
    UPDATE dossiers SET status = 2, step = 'assignment', version = version + 1, sequence = sequence + 2,
      received_at = now(), step_entered_at = now(), updated_at = now()
    WHERE id = $1 AND step = 'submitted'
    RETURNING id, code, sequence, 'bench-' || gen_random_uuid() AS correlation_id),
  o AS (
    INSERT INTO outbox (event_id, aggregate_type, aggregate_id, sequence, event_type, payload, correlation_id)
    SELECT gen_random_uuid(), 'dossier', d.id, d.sequence - 2 + e.n, e.type,
      jsonb_set(jsonb_set(jsonb_set(jsonb_set(e.tpl, '{timestamp}', to_jsonb(now())), '{data,receivedAt}', to_jsonb(now())),
        '{data,dossierCode}', to_jsonb(d.code)), '{data,sequence}', to_jsonb(d.sequence - 2 + e.n)), d.correlation_id
    FROM d, (VALUES (1, 'dossier.status_changed', $2::jsonb), (2, 'dossier.step_changed', $3::jsonb)) e(n, type, tpl)
    RETURNING event_id, sequence, correlation_id)
  SELECT pg_notify('${OUTBOX_CHANNEL}', (SELECT json_agg(json_build_array(event_id, correlation_id) ORDER BY sequence) FROM o)::text) FROM d`;

function sqlProducer(pool, templates) {
  return (d) => () =>
    pool.query(SQL_ACCEPT, [d.id, templates['dossier.status_changed'], templates['dossier.step_changed']]).then(
      (r) => (r.rowCount === 1 ? { status: 200 } : { status: 409, body: 'not in step submitted' }),
      (e) => ({ status: 0, body: String(e) }),
    );
}

/** Payloads of one real accept through the API, as templates for the SQL producer. */
async function acceptTemplates(h, db, reception, dossier) {
  const res = await send(undefined, apiProducer(h, reception)(dossier));
  if (res.status !== 200) throw new Error(`template accept: ${res.status} ${JSON.stringify(res.body)}`);
  const { rows } = await db.query(`SELECT event_type, payload FROM outbox WHERE aggregate_id = $1 AND event_type = ANY($2)`, [dossier.id, TYPES]);
  if (rows.length !== TYPES.length) throw new Error(`template accept emitted ${rows.map((r) => r.event_type).join(', ')}`);
  return Object.fromEntries(rows.map((r) => [r.event_type, JSON.stringify(r.payload)]));
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** Open loop of transitions at rate/2 per second over the pool; `next` takes one dossier per request sent. */
function runLoad(h, pool, cursor, produce, durationMs, rate) {
  return openLoop({
    rate: rate / TYPES.length,
    durationMs,
    maxInFlight: MAX_IN_FLIGHT,
    okStatuses: [200, 202],
    onError: h.onError,
    next: () => {
      const d = pool[cursor.next++];
      return d ? produce(d) : async () => ({ status: 0, body: 'dossier pool exhausted' });
    },
  });
}

/**
 * Waits until every command of these dossiers has been applied, every event fanned out and every
 * delivery closed (succeeded or dead), or until nothing has moved for DRAIN_IDLE_MS.
 */
async function drain(db, ids) {
  const t0 = Date.now();
  let last = '';
  let lastChange = Date.now();
  for (;;) {
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM workflow_commands WHERE dossier_id = ANY($1) AND status = 'pending')::int AS commands,
              (SELECT count(*) FROM outbox WHERE aggregate_id = ANY($1) AND processed_at IS NULL)::int AS unprocessed,
              (SELECT count(*) FROM webhook_deliveries WHERE dossier_id = ANY($1) AND status IN ('pending', 'failed', 'delivering'))::int AS open,
              (SELECT count(*) FROM webhook_deliveries WHERE dossier_id = ANY($1))::int AS deliveries`,
      [ids],
    );
    const s = rows[0];
    if (s.commands === 0 && s.unprocessed === 0 && s.open === 0) return { seconds: (Date.now() - t0) / 1000, ...s, complete: true };
    const key = JSON.stringify(s);
    if (key !== last) [last, lastChange] = [key, Date.now()];
    if (Date.now() - lastChange > DRAIN_IDLE_MS) return { seconds: (Date.now() - t0) / 1000, ...s, complete: false };
    await sleep(250);
  }
}

/** The events of these dossiers with their stage times (epoch ms): commit, relay, fan-out, first call. */
async function eventsOf(db, ids) {
  const { rows } = await db.query(
    `WITH calls AS (
       SELECT wd.event_id, min(a.started_at) AS first_call, count(a.id)::int AS attempts
       FROM webhook_deliveries wd LEFT JOIN webhook_attempts a ON a.delivery_id = wd.id
       WHERE wd.dossier_id = ANY($1) GROUP BY wd.event_id)
     SELECT o.event_id, o.aggregate_id, o.sequence, o.event_type,
            extract(epoch FROM o.created_at) * 1000 AS created,
            extract(epoch FROM o.published_at) * 1000 AS published,
            extract(epoch FROM o.processed_at) * 1000 AS processed,
            extract(epoch FROM c.first_call) * 1000 AS first_call, coalesce(c.attempts, 0) AS attempts
     FROM outbox o LEFT JOIN calls c ON c.event_id = o.event_id
     WHERE o.aggregate_id = ANY($1) AND o.event_type = ANY($2)`,
    [ids, TYPES],
  );
  const ms = (x) => (x === null ? null : Number(x));
  return rows.map((r) => ({ ...r, created: ms(r.created), published: ms(r.published), processed: ms(r.processed), first_call: ms(r.first_call) }));
}

/**
 * Checks the receptions of one producer's events: first arrival per (endpoint, event), duplicates,
 * a lower sequence arriving after a higher one of the same dossier and endpoint, bad signatures.
 */
function checkReceptions(records, events, endpoints) {
  const byId = new Map(events.map((e) => [e.event_id, e]));
  const first = new Map();
  const lastSeq = new Map();
  let duplicates = 0;
  let outOfOrder = 0;
  let badSignatures = 0;
  for (const [endpoint, id, code, sequence, , at, verified] of records) {
    if (!byId.has(id)) continue;
    if (!verified) {
      badSignatures++;
      continue;
    }
    const key = `${endpoint} ${id}`;
    if (first.has(key)) {
      duplicates++;
      continue;
    }
    first.set(key, at);
    const line = `${endpoint} ${code}`;
    if (sequence < (lastSeq.get(line) ?? -Infinity)) outOfOrder++;
    lastSeq.set(line, Math.max(sequence, lastSeq.get(line) ?? -Infinity));
  }
  const lostIds = [];
  for (let ep = 0; ep < endpoints; ep++) for (const e of events) if (!first.has(`${ep} ${e.event_id}`)) lostIds.push(e.event_id);
  return { first, sent: events.length * endpoints, received: first.size, duplicates, outOfOrder, badSignatures, lost: lostIds.length, lostSample: lostIds.slice(0, 5) };
}

/** Latency and stage breakdown over the events of the measured window. */
function latencies(events, first, endpoints, commits) {
  const total = [];
  const fromSeen = [];
  const stage = { relay: [], fanOut: [], firstCall: [] };
  for (const e of events) {
    for (let ep = 0; ep < endpoints; ep++) {
      const at = first.get(`${ep} ${e.event_id}`);
      if (at === undefined) continue;
      total.push(at - e.created);
      if (commits.has(e.event_id)) fromSeen.push(at - commits.get(e.event_id));
    }
    if (e.published !== null) stage.relay.push(e.published - e.created);
    if (e.processed !== null) stage.fanOut.push(e.processed - e.created);
    if (e.first_call !== null) stage.firstCall.push(e.first_call - e.created);
  }
  const commitLag = [];
  for (const e of events) if (commits.has(e.event_id)) commitLag.push(commits.get(e.event_id) - e.created);
  return {
    latency: percentiles(total),
    fromCommitSeenMs: percentiles(fromSeen),
    stagesFromCommitMs: { published: percentiles(stage.relay), fannedOut: percentiles(stage.fanOut), firstCallStarted: percentiles(stage.firstCall) },
    txStartToCommitSeenMs: percentiles(commitLag),
  };
}

async function measure(h, db, spec, shared) {
  const { name, label, pool, produce } = spec;
  const { rate, endpoints, processes, receiverPort, commits } = shared;
  const cursor = { next: 0 };
  await runLoad(h, pool, cursor, produce, h.warmup * 1000, rate);
  const measuredFrom = cursor.next;
  const windowStart = epochMs();
  const [load, rss] = await h.withRss(processes, () => runLoad(h, pool, cursor, produce, h.seconds * 1000, rate));
  const windowEnd = windowStart + h.seconds * 1000;
  const loadavg = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const used = pool.slice(0, cursor.next);
  const drained = await drain(db, used.map((d) => d.id));
  await sleep(1000); // a late duplicate would arrive now
  const records = await receiverRecords(receiverPort);

  const all = await eventsOf(db, used.map((d) => d.id));
  const measuredIds = new Set(pool.slice(measuredFrom, cursor.next).map((d) => d.id));
  const measured = all.filter((e) => measuredIds.has(e.aggregate_id));
  const check = checkReceptions(records, all, endpoints);
  const lat = latencies(measured, check.first, endpoints, commits);
  const inWindow = all.filter((e) => e.created >= windowStart && e.created < windowEnd).length;
  const out = {
    label,
    targetRate: rate,
    committedRate: round(inWindow / h.seconds),
    transitions: { requested: load.ok + load.errors, ok: load.ok, errors: load.errors, dropped: load.dropped, statuses: load.statuses, clientP50: load.p50, clientP99: load.p99 },
    measuredEvents: measured.length,
    ...lat.latency,
    sent: check.sent,
    received: check.received,
    duplicates: check.duplicates,
    outOfOrder: check.outOfOrder,
    lost: check.lost,
    badSignatures: check.badSignatures,
    lostSample: check.lostSample,
    retriedEvents: all.filter((e) => e.attempts > endpoints).length,
    fromCommitSeenMs: lat.fromCommitSeenMs,
    stagesFromCommitMs: lat.stagesFromCommitMs,
    txStartToCommitSeenMs: lat.txStartToCommitSeenMs,
    drain: drained,
    loadavg,
    rss,
  };
  out.met = {
    rate: out.committedRate >= 0.95 * rate,
    p95: out.p95 !== null && out.p95 <= GOAL_P95_MS,
    integrity: check.received === check.sent && !check.duplicates && !check.outOfOrder && !check.badSignatures,
  };
  h.log(
    `webhooks ${name}: ${out.committedRate} events/s committed (target ${rate}), latency p50 ${out.p50} p95 ${out.p95} p99 ${out.p99} ms ` +
      `(${out.n} measured; from the commit seen by LISTEN: p50 ${lat.fromCommitSeenMs.p50} p95 ${lat.fromCommitSeenMs.p95}); sent ${out.sent} received ${out.received}, duplicates ${out.duplicates}, out-of-order ${out.outOfOrder}, lost ${out.lost}, ` +
      `bad signatures ${out.badSignatures}; load ${loadavg.join(' ')}; ${h.cpuText(rss)}`,
  );
  return out;
}

// ---------------------------------------------------------------------------------------------

/** h: the runner's harness (ports, env, dist, login, log, withRss, onError, cpuText, processes). */
async function webhooks(db, ctx, h) {
  const rate = Number(process.env.BENCH_WEBHOOK_RATE ?? 200);
  const endpoints = Number(process.env.BENCH_WEBHOOK_ENDPOINTS ?? 1);
  const producers = (process.env.BENCH_WEBHOOK_PRODUCERS ?? 'api,sql').split(',').filter(Boolean);
  const unknown = producers.filter((p) => p !== 'api' && p !== 'sql');
  if (unknown.length) throw new Error(`BENCH_WEBHOOK_PRODUCERS: unknown ${unknown.join(', ')}; use api, sql`);
  const perProducer = Math.ceil((rate / TYPES.length) * (h.seconds + h.warmup) * 1.2) + 20;
  const [skhcn] = await data.agencies(db, 0);
  const seeded = await data.insertDossiers(db, ctx, { from: FIRST_G, to: FIRST_G + perProducer * producers.length, agencyList: [skhcn], skhcnPercent: 100, mode: 'submitted', returning: true });
  await db.query('ANALYZE dossiers');
  const template = seeded.pop();
  h.log(`webhooks: ${seeded.length} submitted dossiers; ${await settleBacklog(db, h.env)} earlier events marked handled and their jobs dropped`);

  const worker = await startWorker(h);
  const secrets = await createEndpoints(h, endpoints);
  const receiver = await startReceiver(h, secrets);
  const commits = await listenCommits(h.env.DATABASE_URL);
  const sqlPool = new Pool({ connectionString: h.env.DATABASE_URL, max: 10 });
  const reception = await h.login('reception');
  const shared = { rate, endpoints, processes: [h.api, h.engine, worker, receiver], receiverPort: h.receiverPort, commits: commits.seen };
  const out = {
    commitTime: 'outbox.created_at (PostgreSQL now() in the committing transaction); receive time: receiver clock at end of body; same machine',
    subscribedTypes: TYPES,
    endpoints,
    producers: {},
  };
  try {
    for (const [i, name] of producers.entries()) {
      const pool = seeded.slice(i * perProducer, (i + 1) * perProducer);
      const spec =
        name === 'api'
          ? { name, label: 'API accept', pool, produce: apiProducer(h, reception) }
          : { name, label: 'SQL commit (webhook path only)', pool, produce: sqlProducer(sqlPool, await acceptTemplates(h, db, reception, template)) };
      out.producers[name] = await measure(h, db, spec, shared);
    }
    const known = new Set([...seeded, template].map((d) => d.code));
    out.unexpectedReceptions = (await receiverRecords(h.receiverPort)).filter((r) => !known.has(r[2])).length;
  } finally {
    await commits.close();
    await sqlPool.end().catch(() => {});
    await procs.stop(receiver);
    await procs.stop(worker);
  }
  out.goals = { p95Ms: GOAL_P95_MS, rate, integrity: 'every event exactly once per endpoint, in sequence order per dossier, valid signature' };
  return out;
}

/** Rows for the runner's table: [bench, what, service, baseline, ratio, goal, met]. */
function webhookRows(w) {
  const rows = [];
  for (const m of Object.values(w.producers)) {
    rows.push(['webhooks', `${m.label}: events/s committed`, `${m.committedRate} of ${m.targetRate}`, '', '', `${m.targetRate}/s`, m.met.rate]);
    rows.push(['webhooks', `${m.label}: latency p50/p95/p99 ms`, `${m.p50}/${m.p95}/${m.p99}`, '', '', `p95 ≤ ${GOAL_P95_MS}`, m.met.p95]);
    rows.push(['webhooks', `${m.label}: sent/received, dup, out-of-order, lost`, `${m.sent}/${m.received}, ${m.duplicates}, ${m.outOfOrder}, ${m.lost}`, '', '', 'exactly once, in order', m.met.integrity]);
  }
  return rows;
}

module.exports = { webhooks, webhookRows };
