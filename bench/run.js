'use strict';
/**
 * Motcua benchmarks: `npm run bench` (all) or `npm run bench -- submission lookup actions webhooks scale`.
 * Needs PostgreSQL and Redis (BENCH_PG, default postgres://postgres@127.0.0.1:5432; REDIS_URL,
 * default redis://127.0.0.1:6379) and a built dist/ (`npm run build`). Creates the database
 * motcua_bench, starts intake-api and workflow-engine from a snapshot of dist/ (the webhooks phase
 * also notification-worker), runs each service phase and its bare baseline side by side, samples
 * RSS, prints a table, writes
 * bench/results/latest.json (bench/results/partial-<phases>.json when only some phases ran), then stops
 * everything, drops the database and deletes the {bench} keys.
 * Knobs: BENCH_SECONDS (measured phase, default 15), BENCH_CONNECTIONS (default 16),
 * BENCH_SCALE_ROWS (default 1000000), BENCH_KEEP_DB=1 (keep the database); BENCH_DB, BENCH_PORT and
 * BENCH_DIST (a build elsewhere than dist/) let two runs side by side use their own database, ports and build.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, execSync } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { Client } = require('pg');
const { closedLoop, mergeRuns, openLoop, send } = require('./lib/load');
const procs = require('./lib/procs');
const data = require('./lib/data');
const { webhooks, webhookRows } = require('./lib/webhooks');

const ROOT = path.resolve(__dirname, '..');
const PG = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const DB = process.env.BENCH_DB ?? 'motcua_bench';
const DATABASE_URL = `${PG}/${DB}`;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `{${DB.replace(/^motcua_/, '')}}`;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** Peak phases alternate baseline and service in this many rounds (see sideBySide). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SCALE_ROWS = Number(process.env.BENCH_SCALE_ROWS ?? 1_000_000);
/** BENCH_PORT (default 3911): the API; the baseline listens on +1, the webhook receiver on +2, the engine's PORT +8, the notification worker's +9. */
const API_PORT = Number(process.env.BENCH_PORT ?? 3911);
const BASE_PORT = API_PORT + 1;
const RECEIVER_PORT = API_PORT + 2;
const ENGINE_PORT = API_PORT + 8;
const WORKER_PORT = API_PORT + 9;
const PASSWORD = 'Motcua@2026';
const PHASES = ['submission', 'lookup', 'actions', 'webhooks', 'scale'];
const SOURCE_DIST = process.env.BENCH_DIST ?? path.join(ROOT, 'dist');

const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A different client address per request, so the lookup's per-IP limit (30/min) never applies. */
let ipCounter = 0;
const nextIp = () => {
  const n = ipCounter++;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

function machine() {
  return {
    date: new Date().toISOString(),
    nproc: Number(execSync('nproc').toString().trim()),
    cpu: os.cpus()[0]?.model,
    memory: execSync('free -h').toString().trim(),
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    node: process.version,
    postgres: execSync(`psql "${PG}/postgres" -Atc 'SHOW server_version'`).toString().trim(),
    redis: execSync('redis-cli INFO server | grep redis_version || true').toString().trim(),
    command: `npm run bench${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`,
    settings: { seconds: SECONDS, rounds: ROUNDS, warmup: WARMUP, connections: CONNECTIONS, scaleRows: SCALE_ROWS, poolSize: 10 },
  };
}

function psql(sql, db = 'postgres') {
  return execFileSync('psql', [`${PG}/${db}`, '-v', 'ON_ERROR_STOP=1', '-Atc', sql]).toString();
}

function cleanRedis() {
  execSync(`redis-cli -u ${REDIS_URL} --scan --pattern '${PREFIX}*' | xargs -r -n 500 redis-cli -u ${REDIS_URL} del > /dev/null`, { shell: '/bin/bash' });
}

// ---------------------------------------------------------------------------------------------
// Service processes

// WEBHOOK_ALLOW_PRIVATE_URLS: the webhook phase's receiver is on 127.0.0.1, which the URL policy refuses otherwise.
const env = {
  DATABASE_URL,
  REDIS_URL,
  QUEUE_PREFIX: PREFIX,
  LOG_LEVEL: 'warn',
  NODE_ENV: 'development',
  NODE_PATH: path.join(ROOT, 'node_modules'),
  WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
};
let dist;
let api;
let engine;

/** Runs from a copy of dist/ so a concurrent `npm run build` by someone else cannot pull files away mid-run. */
function snapshotDist() {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-dist-'));
  execFileSync('cp', ['-r', SOURCE_DIST, target]);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(target, 'node_modules'));
  return path.join(target, 'dist');
}

// BENCH_PROFILE=1: CPU profile of the API, the engine and the notification worker (written on exit to
// $TMPDIR/motcua-bench-prof; summarize with bench/profile-summary.js).
const profileArgs = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(os.tmpdir(), 'motcua-bench-prof')}`] : [];
/** The services run as deployed: the Node options of docker/Dockerfile (a heap ceiling, see docs/BENCHMARKS.md). */
const DEPLOYED_NODE_OPTIONS = /^ENV NODE_OPTIONS="([^"]*)"/m.exec(fs.readFileSync(path.join(ROOT, 'docker/Dockerfile'), 'utf8'))?.[1].split(' ') ?? [];
const serviceArgs = [...DEPLOYED_NODE_OPTIONS, ...profileArgs];

async function startService() {
  dist = snapshotDist();
  const args = serviceArgs;
  api = procs.start('intake-api', path.join(dist, 'apps/intake-api/src/main.js'), { ...env, PORT: String(API_PORT) }, { cwd: ROOT, args });
  await procs.waitHttp(api, API_PORT, '/api/v1/health/ready', 180_000);
  engine = procs.start('workflow-engine', path.join(dist, 'apps/workflow-engine/src/main.js'), { ...env, PORT: String(ENGINE_PORT) }, { cwd: ROOT, args });
  await procs.waitLog(engine, /Workflow engine: running/);
}

async function login(username) {
  const res = await send(undefined, { port: API_PORT, method: 'POST', path: '/api/v1/auth/login', body: { username, password: PASSWORD } });
  if (res.status !== 200 && res.status !== 201) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return { authorization: `Bearer ${res.body.accessToken}` };
}

/** Runs `fn` while sampling the RSS of `processes`; returns [result, rss]. */
async function withRss(processes, fn) {
  const stop = procs.sampleRss(processes.filter(Boolean));
  const result = await fn();
  return [result, stop()];
}

/**
 * Peak throughput of a baseline and the service, side by side: each is warmed up, then they are
 * measured in turns, BENCH_ROUNDS rounds of BENCH_SECONDS / rounds each, the order reversed every
 * round (baseline, service, service, baseline, …). A change of the machine's speed during the phase
 * (other tenants of the host) then weighs on both alike instead of on whichever ran second.
 * sides: [{ name, processes, spec }]; returns { [name]: summary with rss and per-round rps }.
 */
async function sideBySide(phase, sides, okStatuses) {
  for (const side of sides) await closedLoop({ connections: CONNECTIONS, durationMs: WARMUP * 1000, next: side.spec, okStatuses, onError });
  const slices = new Map(sides.map((side) => [side.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      log(`${phase} ${side.name}: round ${round + 1} of ${ROUNDS}`);
      const run = () => closedLoop({ connections: CONNECTIONS, durationMs: (SECONDS * 1000) / ROUNDS, next: side.spec, okStatuses, onError, keepRaw: true });
      const [r, rss] = await withRss(side.processes, run);
      slices.get(side.name).push({ r, rss });
    }
  }
  const out = {};
  for (const side of sides) {
    const own = slices.get(side.name);
    const r = mergeRuns(own.map((slice) => slice.r));
    const rss = procs.mergeRss(own.map((slice) => slice.rss));
    out[side.name] = { ...r, rss, roundsRps: own.map((slice) => slice.r.rps) };
    log(`${phase} ${side.name}: ${r.rps}/s (rounds ${own.map((slice) => slice.r.rps).join(', ')}) p50 ${r.p50} p99 ${r.p99} (${r.errors} errors) ${cpuText(rss)}`);
  }
  return out;
}

const firstErrors = [];
const onError = (res) => {
  if (firstErrors.length < 5) firstErrors.push({ status: res.status, body: JSON.stringify(res.body).slice(0, 300) });
};

// ---------------------------------------------------------------------------------------------
// 1. Submission

const BTS_DOCUMENTS = ['application', 'telecom-licence', 'site-document', 'site-plan', 'structural-assessment'];
const APPLICANT = { fullName: 'Tổng Công ty Viễn thông Viettel', idNumber: '0100109106', phone: '0981234567', email: 'bts@viettel.example.vn', address: 'Lô D26, Cầu Giấy, Hà Nội', type: 2 };

async function submission(db, ctx) {
  const files = await data.insertFiles(db, ctx.users.citizen.id, 200_000);
  await db.query('ANALYZE files');
  log(`submission: ${files.length} files inserted`);
  let f = 0;
  const body = () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(files[f++ % files.length]);
    return { procedureCode: 'bts-location-approval', applicant: APPLICANT, fields: data.BTS_FIELDS, documents: BTS_DOCUMENTS.map((code, i) => ({ code, fileId: ids[i] })), resultDelivery: 'online' };
  };
  const citizen = await login('citizen');
  const service = () => ({ port: API_PORT, method: 'POST', path: '/api/v1/dossiers', headers: { ...citizen, 'idempotency-key': randomUUID() }, body: body() });
  const baselineReq = () => ({ port: BASE_PORT, method: 'POST', path: '/dossiers', headers: { 'idempotency-key': randomUUID() }, body: body() });
  const base = procs.start('baseline-submission', path.join(__dirname, 'baselines/submission-server.js'), { ...env, PORT: String(BASE_PORT), CITIZEN_ID: ctx.users.citizen.id });
  await procs.waitLog(base, /ready/);

  const out = await sideBySide('submission', [
    { name: 'baselinePeak', processes: [base], spec: baselineReq },
    { name: 'servicePeak', processes: [api, engine], spec: service },
  ], [201]);
  const half = async (name, processes, spec, peak) => {
    const [r, rss] = await withRss(processes, () => openLoop({ rate: Math.max(1, Math.round(peak / 2)), durationMs: SECONDS * 1000, next: spec, okStatuses: [201], onError }));
    out[name] = { ...r, rss };
    log(`submission ${name} @${r.targetRps}/s: ${r.rps}/s p50 ${r.p50} p99 ${r.p99}`);
  };
  await half('serviceHalfPeak', [api, engine], service, out.servicePeak.rps);
  await half('baselineHalfPeak', [base], baselineReq, out.baselinePeak.rps);
  await procs.stop(base);
  out.ratio = round(out.servicePeak.rps / out.baselinePeak.rps);
  out.goals = { ratio: 0.6, p99HalfPeakMs: 50 };
  out.met = { ratio: out.ratio >= 0.6, p99HalfPeak: out.serviceHalfPeak.p99 !== null && out.serviceHalfPeak.p99 <= 50 };
  return out;
}

// ---------------------------------------------------------------------------------------------
// 2. Lookup

async function lookup(db, ctx) {
  const agencyList = await data.agencies(db, 0);
  await data.insertDossiers(db, ctx, { from: 5_000_001, to: 5_020_000, agencyList, skhcnPercent: 50, mode: 'mixed' });
  await db.query('ANALYZE dossiers');
  const { rows: sample } = await db.query(`SELECT code, applicant_id_number FROM dossiers WHERE code LIKE '%-0%' OR true ORDER BY random() LIMIT 5000`);
  log(`lookup: ${sample.length} codes sampled`);
  const pick = (i) => sample[(i * 7919) % sample.length];
  const service = (i) => {
    const d = pick(i);
    return { port: API_PORT, path: `/api/v1/lookup?code=${encodeURIComponent(d.code)}&idNumber=${d.applicant_id_number}`, headers: { 'x-forwarded-for': nextIp() } };
  };
  const baselineReq = (i) => {
    const d = pick(i);
    return { port: BASE_PORT, path: `/lookup?code=${encodeURIComponent(d.code)}&idNumber=${d.applicant_id_number}` };
  };
  const base = procs.start('baseline-lookup', path.join(__dirname, 'baselines/lookup-server.js'), { ...env, PORT: String(BASE_PORT) });
  await procs.waitLog(base, /ready/);
  const out = await sideBySide('lookup', [
    { name: 'baseline', processes: [base], spec: baselineReq },
    { name: 'service', processes: [api], spec: service },
  ], [200]);
  await procs.stop(base);
  out.ratio = round(out.service.rps / out.baseline.rps);
  out.goals = { ratio: 0.7 };
  out.met = { ratio: out.ratio >= 0.7 };
  out.note = 'X-Forwarded-For rotated through 10.x.y.z, one address per request, so the 30/min per-IP limit never applies (the Redis rate-limit hit is still made on every request).';
  return out;
}

// ---------------------------------------------------------------------------------------------
// 3. Officer actions

async function actions(db, ctx) {
  const { Queue, QueueEvents } = require('bullmq');
  const agencyList = await data.agencies(db, 0);
  const POOL = 25_000;
  await data.insertDossiers(db, ctx, { from: 6_000_001, to: 6_000_000 + 2 * POOL, agencyList, skhcnPercent: 100, mode: 'submitted' });
  await db.query('ANALYZE dossiers');
  const { rows } = await db.query(`SELECT id, code FROM dossiers WHERE code LIKE $1 AND step = 'submitted' ORDER BY code`, [`${ctx.agency.identifier}-%`]);
  const seeded = rows.filter((r) => /-\d{5}$/.test(r.code));
  const servicePool = seeded.filter((_, i) => i % 2 === 0);
  const basePool = seeded.filter((_, i) => i % 2 === 1);
  log(`actions: ${servicePool.length} + ${basePool.length} submitted dossiers`);

  const reception = await login('reception');
  let s = 0;
  const service = () => {
    const d = servicePool[s++ % servicePool.length];
    return { port: API_PORT, method: 'POST', path: `/api/v1/dossiers/${encodeURIComponent(d.code)}/actions`, headers: { ...reception, 'idempotency-key': randomUUID() }, body: { action: 'accept' } };
  };

  const url = new URL(REDIS_URL);
  const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  const queue = new Queue('bench-accept', { connection, prefix: PREFIX });
  const events = new QueueEvents('bench-accept', { connection, prefix: PREFIX });
  events.setMaxListeners(0);
  queue.setMaxListeners(0);
  await events.waitUntilReady();
  const worker = procs.start('baseline-actions-worker', path.join(__dirname, 'baselines/actions-worker.js'), { ...env, CONCURRENCY: '16' });
  await procs.waitLog(worker, /ready/);
  let b = 0;
  const baselineReq = () => async () => {
    const d = basePool[b++ % basePool.length];
    // Completed jobs are kept a minute: removed at once, one could be gone before waitUntilFinished
    // checks it, which BullMQ reports as "Missing key for job … isFinished" (an error that is not the worker's).
    const job = await queue.add('accept', { dossierId: d.id, actorId: ctx.users.reception.id }, { removeOnComplete: { age: 60 }, removeOnFail: 1000 });
    try {
      const result = await job.waitUntilFinished(events, 5000);
      return { status: result?.rejected ? 409 : 200 };
    } catch (e) {
      return { status: 0, body: String(e) };
    }
  };

  const out = await sideBySide('actions', [
    { name: 'baseline', processes: [worker], spec: baselineReq },
    { name: 'service', processes: [api, engine], spec: service },
  ], [200]);
  out.used = { service: s, baseline: b, pool: servicePool.length };
  await procs.stop(worker);
  await queue.obliterate({ force: true }).catch(() => {});
  await Promise.all([queue.close(), events.close()]);
  out.ratio = round(out.service.rps / out.baseline.rps);
  out.goals = { ratio: 0.5 };
  out.met = { ratio: out.ratio >= 0.5 };
  return out;
}

// ---------------------------------------------------------------------------------------------
// 4. Webhook latency (bench/lib/webhooks.js)

function webhookPhase(db, ctx) {
  const harness = {
    root: ROOT,
    dist,
    env,
    api,
    engine,
    apiPort: API_PORT,
    receiverPort: RECEIVER_PORT,
    workerPort: WORKER_PORT,
    seconds: SECONDS,
    warmup: WARMUP,
    profileArgs: serviceArgs,
    log,
    login,
    withRss,
    onError,
    cpuText,
  };
  return webhooks(db, ctx, harness);
}

// ---------------------------------------------------------------------------------------------
// 5. Scale

const WORK_LISTS = [
  { name: 'reception ?view=reception', user: 'reception', query: 'view=reception' },
  { name: 'reception ?status=1&sort=dueAt', user: 'reception', query: 'status=1&sort=dueAt' },
  { name: 'head ?view=division', user: 'head', query: 'view=division' },
  { name: 'head ?status=4&sort=dueAt', user: 'head', query: 'status=4&sort=dueAt' },
];

/** The SQL the list endpoint runs (DossierQueryService.list: getManyAndCount → page query + COUNT). */
function workListSql(list, ctx) {
  const u = ctx.users[list.user];
  const where = [`d.agency_id = '${u.agency_id}'`];
  if (list.user === 'head') where.push(`d.division_id = '${u.division_id}'`);
  if (list.query.includes('status=1')) where.push('d.status IN (1)');
  if (list.query.includes('status=4')) where.push('d.status IN (4)');
  if (list.query.includes('view=reception')) where.push('d.status = 1');
  if (list.query.includes('view=division')) where.push(`d.division_id = '${u.division_id}'`);
  const w = where.join(' AND ');
  return {
    page: `SELECT d.* FROM dossiers d WHERE ${w} ORDER BY d.due_at ASC NULLS LAST, d.submitted_at ASC LIMIT 20`,
    count: `SELECT COUNT(DISTINCT(d.id)) AS cnt FROM dossiers d WHERE ${w}`,
  };
}

async function scale(db, ctx) {
  const out = {};
  log('scale: truncating dossier tables, generating rows…');
  await db.query('TRUNCATE dossiers, dossier_history, audit_log, outbox, dossier_documents, idempotency_keys, workflow_commands CASCADE');
  const agencyList = await data.agencies(db, 18);
  const t0 = Date.now();
  await data.insertDossiers(db, ctx, { from: 1, to: SCALE_ROWS, agencyList, skhcnPercent: 20, mode: 'mixed' });
  out.generateSeconds = Math.round((Date.now() - t0) / 100) / 10;
  const t1 = Date.now();
  await db.query('VACUUM ANALYZE dossiers');
  out.vacuumAnalyzeSeconds = Math.round((Date.now() - t1) / 100) / 10;
  const { rows: counts } = await db.query(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE agency_id = $1)::int AS skhcn,
            count(*) FILTER (WHERE agency_id = $1 AND division_id = $2)::int AS skhcn_bcvt,
            count(*) FILTER (WHERE agency_id = $1 AND status = 1)::int AS skhcn_status1,
            count(*) FILTER (WHERE agency_id = $1 AND division_id = $2 AND status = 4)::int AS bcvt_status4,
            pg_size_pretty(pg_total_relation_size('dossiers')) AS size
     FROM dossiers`,
    [ctx.agency.id, ctx.users.head.division_id],
  );
  out.dataset = { ...counts[0], agencies: agencyList.length, generateSeconds: out.generateSeconds };
  log(`scale: ${JSON.stringify(out.dataset)}`);

  const { rows: sample } = await db.query(`SELECT code, applicant_id_number FROM dossiers TABLESAMPLE SYSTEM (1) LIMIT 5000`);
  const seconds = Math.min(SECONDS, 10);
  const lookupSpec = (i) => {
    const d = sample[(i * 7919) % sample.length];
    return { port: API_PORT, path: `/api/v1/lookup?code=${encodeURIComponent(d.code)}&idNumber=${d.applicant_id_number}`, headers: { 'x-forwarded-for': nextIp() } };
  };
  await closedLoop({ connections: 4, durationMs: 2000, next: lookupSpec, okStatuses: [200], onError });
  const [lk, lkRss] = await withRss([api, engine], () => closedLoop({ connections: 4, durationMs: seconds * 1000, next: lookupSpec, okStatuses: [200], onError }));
  out.lookup = { ...lk, rss: lkRss, goalP95Ms: 10, met: lk.p95 !== null && lk.p95 <= 10 };
  log(`scale lookup: ${lk.rps}/s p95 ${lk.p95}`);

  out.workLists = [];
  for (const list of WORK_LISTS) {
    const auth = await login(list.user);
    const spec = () => ({ port: API_PORT, path: `/api/v1/dossiers?${list.query}`, headers: auth });
    const probe = await send(undefined, spec());
    await closedLoop({ connections: 4, durationMs: 2000, next: spec, okStatuses: [200], onError });
    const [r, rss] = await withRss([api, engine], () => closedLoop({ connections: 4, durationMs: seconds * 1000, next: spec, okStatuses: [200], onError }));
    const sql = workListSql(list, ctx);
    const explain = {};
    for (const [k, q] of Object.entries(sql)) {
      explain[k] = (await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${q}`)).rows.map((x) => x['QUERY PLAN']).join('\n');
    }
    out.workLists.push({ name: list.name, total: probe.body?.total ?? probe.body?.meta?.total ?? null, ...r, rss, goalP95Ms: 50, met: r.p95 !== null && r.p95 <= 50, sql, explain });
    log(`scale ${list.name}: ${r.rps}/s p50 ${r.p50} p95 ${r.p95} (total ${probe.body?.total ?? '?'})`);
  }
  out.explainLookup = (await db.query(`EXPLAIN (ANALYZE, BUFFERS) SELECT code, procedure_code, procedure_version_id, status, step, workflow_version_id, applicant_id_number, submitted_at, received_at, due_at, finished_at FROM dossiers WHERE code = $1 LIMIT 1`, [sample[0].code])).rows
    .map((x) => x['QUERY PLAN'])
    .join('\n');
  out.indexes = (await db.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'dossiers' ORDER BY indexname`)).rows;
  return out;
}

// ---------------------------------------------------------------------------------------------

const round = (x) => Math.round(x * 100) / 100;
const cpuText = (rss) =>
  Object.entries(rss)
    .map(([k, v]) => (typeof v === 'object' ? `${k} ${v.maxMb}MB ${v.cpuCores} cores` : `${k} ${v}%`))
    .join('; ');

function table(results) {
  const rows = [];
  const add = (bench, what, service, baseline, ratio, goal, met) => rows.push({ bench, what, service, baseline, ratio, goal, met: met === undefined ? '' : met ? 'yes' : 'NO' });
  const rssOf = (r) => Object.entries(r.rss ?? {}).map(([k, v]) => `${k} ${v.maxMb}MB`).join(', ');
  if (results.submission) {
    const s = results.submission;
    add('submission', 'dossiers/s (peak)', s.servicePeak.rps, s.baselinePeak.rps, s.ratio, '≥ 0.6', s.met.ratio);
    add('submission', 'p50/p99 ms (peak)', `${s.servicePeak.p50}/${s.servicePeak.p99}`, `${s.baselinePeak.p50}/${s.baselinePeak.p99}`, '', '', undefined);
    add('submission', `p50/p99 ms @ half peak`, `${s.serviceHalfPeak.p50}/${s.serviceHalfPeak.p99} @${s.serviceHalfPeak.targetRps}/s`, `${s.baselineHalfPeak.p50}/${s.baselineHalfPeak.p99} @${s.baselineHalfPeak.targetRps}/s`, '', 'p99 ≤ 50', s.met.p99HalfPeak);
  }
  if (results.lookup) {
    const l = results.lookup;
    add('lookup', 'rps', l.service.rps, l.baseline.rps, l.ratio, '≥ 0.7', l.met.ratio);
    add('lookup', 'p50/p99 ms', `${l.service.p50}/${l.service.p99}`, `${l.baseline.p50}/${l.baseline.p99}`, '', '', undefined);
  }
  if (results.actions) {
    const a = results.actions;
    add('actions', 'transitions/s', a.service.rps, a.baseline.rps, a.ratio, '≥ 0.5', a.met.ratio);
    add('actions', 'p50/p99 ms', `${a.service.p50}/${a.service.p99}`, `${a.baseline.p50}/${a.baseline.p99}`, '', '', undefined);
  }
  if (results.webhooks) for (const row of webhookRows(results.webhooks)) add(...row);
  if (results.scale) {
    const sc = results.scale;
    add('scale', `lookup p95 ms (${sc.dataset.total} rows)`, sc.lookup.p95, '', '', '≤ 10', sc.lookup.met);
    for (const w of sc.workLists) add('scale', `${w.name} p95 ms (total ${w.total})`, w.p95, '', '', '≤ 50', w.met);
  }
  const mem = {};
  for (const r of Object.values(results)) {
    const walk = (o) => {
      if (!o || typeof o !== 'object') return;
      if (o.rss) for (const [k, v] of Object.entries(o.rss)) if (typeof v === 'object') mem[k] = Math.max(mem[k] ?? 0, v.maxMb);
      for (const v of Object.values(o)) if (v && typeof v === 'object' && v !== o.rss) walk(v);
    };
    walk(r);
  }
  // The goal is the services'; the baselines and the receiver are shown for comparison.
  for (const [k, v] of Object.entries(mem)) {
    const service = ['intake-api', 'workflow-engine', 'notification-worker'].includes(k);
    add('memory', `${k} max RSS MB`, v, '', '', service ? '≤ 250' : '', service ? v <= 250 : undefined);
  }
  console.table(rows);
  return { rows, memoryMaxMb: mem };
}

async function main() {
  const wanted = process.argv.slice(2).filter((a) => PHASES.includes(a));
  const unknown = process.argv.slice(2).filter((a) => !PHASES.includes(a));
  if (unknown.length) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; choose from ${PHASES.join(', ')}`);
  const phases = wanted.length ? PHASES.filter((p) => wanted.includes(p)) : PHASES;
  // dist/ may be mid-rebuild by someone else: wait a little before giving up.
  const mains = ['intake-api', 'workflow-engine', 'notification-worker'].map((app) => path.join(SOURCE_DIST, `apps/${app}/src/main.js`));
  for (let i = 0; i < 60 && !mains.every((m) => fs.existsSync(m)); i++) await sleep(2000);
  if (!mains.every((m) => fs.existsSync(m))) throw new Error(`no build in ${SOURCE_DIST}: run \`npm run build\` first`);
  await sleep(3000);
  const info = machine();
  log(`machine: ${info.nproc} cores, node ${info.node}, load ${info.loadavg.join(' ')}`);
  psql(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  psql(`CREATE DATABASE ${DB}`);
  cleanRedis();
  const results = {};
  const db = new Client({ connectionString: DATABASE_URL });
  try {
    await startService();
    await db.connect();
    const ctx = await data.context(db);
    const fns = { submission, lookup, actions, webhooks: webhookPhase, scale };
    for (const phase of phases) {
      log(`== ${phase}`);
      try {
        results[phase] = await fns[phase](db, ctx);
      } catch (e) {
        results[phase] = { error: String(e.stack ?? e) };
        log(`${phase} failed: ${e.stack ?? e}`);
      }
    }
  } finally {
    await db.end().catch(() => {});
    await procs.stopAll();
    if (!process.env.BENCH_KEEP_DB) psql(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    cleanRedis();
    if (dist) fs.rmSync(path.dirname(dist), { recursive: true, force: true });
  }
  const ok = Object.fromEntries(Object.entries(results).filter(([, v]) => !v.error));
  const summary = table(ok);
  // Only a run of every phase replaces latest.json; a run of some phases writes beside it.
  const outFile = path.join(__dirname, 'results', phases.length === PHASES.length ? 'latest.json' : `partial-${phases.join('-')}.json`);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify({ machine: info, results, summary, firstErrors }, null, 2) + '\n');
  log(`results written to ${path.relative(ROOT, outFile)}`);
  if (firstErrors.length) log('first non-2xx answers:', firstErrors);
}

// Services started by a runner that dies (Ctrl-C, a crash) must not outlive it.
process.on('exit', () => procs.killAllNow());
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

main().catch(async (e) => {
  console.error(e);
  await procs.stopAll();
  process.exit(1);
});
