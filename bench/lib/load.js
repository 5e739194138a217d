'use strict';
/**
 * Load generators on node:http keep-alive agents (no dependency).
 * - closedLoop: N connections, each sends its next request as soon as the previous answered (peak throughput).
 * - openLoop: requests started at a fixed rate, latency measured from the intended start time
 *   (no coordinated omission), for "latency at half of peak".
 */
const http = require('node:http');

function percentile(sorted, p) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

function summarize(latencies, ok, errors, ms, statuses) {
  const sorted = Float64Array.from(latencies).sort();
  const r = (x) => (x === null ? null : Math.round(x * 100) / 100);
  return {
    ok,
    errors,
    seconds: Math.round(ms / 100) / 10,
    rps: Math.round((ok / ms) * 1000 * 10) / 10,
    p50: r(percentile(sorted, 50)),
    p95: r(percentile(sorted, 95)),
    p99: r(percentile(sorted, 99)),
    max: r(sorted.length ? sorted[sorted.length - 1] : null),
    statuses,
  };
}

/** One request; resolves {status, body} (body parsed as JSON when possible). */
function send(agent, { port, method = 'GET', path, headers = {}, body }) {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length, ...headers } : headers,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode, body: json });
        });
        res.on('error', (e) => resolve({ status: 0, body: String(e) }));
      },
    );
    req.on('error', (e) => resolve({ status: 0, body: String(e) }));
    if (payload) req.write(payload);
    req.end();
  });
}

const isOk = (status, okStatuses) => (okStatuses ? okStatuses.includes(status) : status >= 200 && status < 300);

/**
 * Closed loop. `next(i)` returns the request spec (or a function returning a promise of
 * {status}) for the i-th request. Returns throughput and latency percentiles in ms.
 */
/** Closed loop of `connections` for `durationMs`; with `keepRaw`, the result also carries `raw` (latencies and exact duration) for mergeRuns. */
async function closedLoop({ connections, durationMs, next, okStatuses, onError, keepRaw = false }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  const statuses = {};
  let ok = 0;
  let errors = 0;
  let i = 0;
  const start = performance.now();
  const end = start + durationMs;
  const worker = async () => {
    while (performance.now() < end) {
      const spec = next(i++);
      const t0 = performance.now();
      const res = typeof spec === 'function' ? await spec() : await send(agent, spec);
      const dt = performance.now() - t0;
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (isOk(res.status, okStatuses)) {
        ok++;
        latencies.push(dt);
      } else {
        errors++;
        if (onError) onError(res);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const ms = performance.now() - start;
  agent.destroy();
  const result = summarize(latencies, ok, errors, ms, statuses);
  return keepRaw ? { ...result, raw: { latencies, ms } } : result;
}

/** One summary of several closed-loop runs made with `keepRaw`, as if they were one run. */
function mergeRuns(runs) {
  const statuses = {};
  for (const run of runs) for (const [status, n] of Object.entries(run.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  const sum = (pick) => runs.reduce((total, run) => total + pick(run), 0);
  return summarize(
    runs.flatMap((run) => run.raw.latencies),
    sum((run) => run.ok),
    sum((run) => run.errors),
    sum((run) => run.raw.ms),
    statuses,
  );
}

/** Open loop at `rate` requests per second for `durationMs`; at most `maxInFlight` at once. */
async function openLoop({ rate, durationMs, next, okStatuses, maxInFlight = 256, onError }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: maxInFlight });
  const latencies = [];
  const statuses = {};
  let ok = 0;
  let errors = 0;
  let dropped = 0;
  let inFlight = 0;
  const pending = [];
  const interval = 1000 / rate;
  const start = performance.now();
  let n = 0;
  while (true) {
    const intended = start + n * interval;
    if (intended - start >= durationMs) break;
    const wait = intended - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (inFlight >= maxInFlight) {
      dropped++;
      n++;
      continue;
    }
    const spec = next(n);
    inFlight++;
    const p = (typeof spec === 'function' ? spec() : send(agent, spec)).then((res) => {
      inFlight--;
      const dt = performance.now() - intended;
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (isOk(res.status, okStatuses)) {
        ok++;
        latencies.push(dt);
      } else {
        errors++;
        if (onError) onError(res);
      }
    });
    pending.push(p);
    n++;
  }
  await Promise.all(pending);
  const ms = performance.now() - start;
  agent.destroy();
  return { ...summarize(latencies, ok, errors, ms, statuses), targetRps: rate, dropped };
}

module.exports = { closedLoop, mergeRuns, openLoop, send, percentile };
