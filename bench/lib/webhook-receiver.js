'use strict';
/**
 * A portal stand-in for the webhook benchmark, in its own process so the load generator's work in
 * the runner cannot delay the receive timestamps. POST /hooks/<n>: endpoint n's webhook, verified
 * with the standardwebhooks library (as a portal would), 204 when valid, 401 when not.
 * GET /records: every request so far, in arrival order.
 * Env: PORT, RECEIVER_SECRETS (JSON array, the whsec_ secret of endpoint n at index n).
 */
const http = require('node:http');
const { Webhook } = require('standardwebhooks');

const verifiers = JSON.parse(process.env.RECEIVER_SECRETS).map((secret) => new Webhook(secret));
/** [endpoint, webhook-id, dossierCode, sequence, type, receivedAtEpochMs, verified] per request. */
const records = [];

/** Epoch milliseconds with sub-millisecond precision, comparable with PostgreSQL's now() on this machine. */
const epochMs = () => performance.timeOrigin + performance.now();

function onHook(req, res, endpoint) {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const at = epochMs();
    const raw = Buffer.concat(chunks).toString('utf8');
    let verified = false;
    try {
      verifiers[endpoint].verify(raw, req.headers);
      verified = true;
    } catch {
      // counted below; a real portal would refuse it the same way
    }
    let body = {};
    try {
      body = JSON.parse(raw);
    } catch {
      verified = false;
    }
    records.push([endpoint, req.headers['webhook-id'] ?? null, body.data?.dossierCode ?? null, body.data?.sequence ?? null, body.type ?? null, at, verified]);
    res.writeHead(verified ? 204 : 401).end();
  });
}

const server = http.createServer((req, res) => {
  const hook = /^\/hooks\/(\d+)$/.exec(req.url);
  if (req.method === 'POST' && hook && verifiers[Number(hook[1])]) return onHook(req, res, Number(hook[1]));
  if (req.method === 'GET' && req.url === '/records') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(records));
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 5000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
