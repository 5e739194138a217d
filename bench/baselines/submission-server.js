'use strict';
/**
 * Bare baseline for submission: node:http + pg, no framework. Per request it does the database work
 * the service does: replay check on the idempotency key, ownership check of the files, the day's
 * code from the same counter upsert (its own short statement, as the service), then ONE transaction
 * inserting the idempotency key, dossier, history, audit (hash-chained) and outbox rows, pg_notify,
 * the documents, and marking the files attached.
 */
const http = require('node:http');
const { createHash, randomUUID } = require('node:crypto');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const OWNER = process.env.CITIZEN_ID;
const sha = (s) => createHash('sha256').update(s).digest('hex');
let ctx;

async function load() {
  const q = async (sql, p) => (await pool.query(sql, p)).rows[0];
  const pv = await q(`SELECT pv.id, pv.definition FROM procedure_versions pv JOIN procedures p ON p.code = pv.procedure_code WHERE p.code = 'bts-location-approval' AND pv.version = p.current_version`);
  const wv = await q(`SELECT id, definition FROM workflow_versions WHERE workflow_code = $1 ORDER BY version DESC LIMIT 1`, [pv.definition.workflow]);
  const agency = await q(`SELECT id, code, identifier FROM agencies WHERE code = $1`, [pv.definition.agency ?? 'SKHCN']);
  const division = await q(`SELECT id FROM divisions WHERE agency_id = $1 AND code = $2`, [agency.id, pv.definition.division]);
  ctx = { pv, wv, agency, division, initialStep: wv.definition.initialStep };
}

function dayIn(date) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

async function submit(body, key) {
  const requestHash = sha(JSON.stringify(body));
  const earlier = await pool.query('SELECT request_hash, dossier_id FROM idempotency_keys WHERE owner_id = $1 AND key = $2', [OWNER, key]);
  if (earlier.rows.length) return [200, { dossierId: earlier.rows[0].dossier_id }];
  const fileIds = body.documents.map((d) => d.fileId);
  const files = await pool.query('SELECT id, mime_type, size FROM files WHERE id = ANY($1::uuid[]) AND owner_id = $2', [fileIds, OWNER]);
  if (files.rows.length !== fileIds.length) return [422, { code: 'validation_failed' }];

  const now = new Date();
  const day = dayIn(now);
  const counter = await pool.query(
    `INSERT INTO dossier_code_counters (agency_identifier, day, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (agency_identifier, day) DO UPDATE SET last_value = dossier_code_counters.last_value + 1 RETURNING last_value`,
    [ctx.agency.identifier, day],
  );
  const code = `${ctx.agency.identifier}-${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}-${String(counter.rows[0].last_value).padStart(4, '0')}`;
  const id = randomUUID();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO idempotency_keys (owner_id, key, request_hash, dossier_id) VALUES ($1, $2, $3, $4)', [OWNER, key, requestHash, id]);
    await client.query(
      `INSERT INTO dossiers (id, code, procedure_code, procedure_version_id, workflow_version_id, agency_id, division_id, applicant_user_id,
         applicant, applicant_name, applicant_id_number, fields, channel, result_delivery, status, step, version, sequence, submitted_at, step_entered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 2, $13, 1, $14, 1, 1, $15, $15)`,
      [id, code, body.procedureCode, ctx.pv.id, ctx.wv.id, ctx.agency.id, ctx.division?.id ?? null, OWNER, body.applicant, body.applicant.fullName,
        body.applicant.idNumber, body.fields, body.resultDelivery, ctx.initialStep, now],
    );
    await client.query(
      `INSERT INTO dossier_history (dossier_id, action, from_step, to_step, from_status, to_status, from_user_id, actor_role, data, occurred_at)
       VALUES ($1, 'submit', NULL, $2, NULL, 1, $3, 'CITIZEN', $4, $5)`,
      [id, ctx.initialStep, OWNER, { channel: 2 }, now],
    );
    const audit = { dossierId: id, entityType: 'dossier', entityId: code, action: 'submit', actorId: OWNER, actorRole: 'CITIZEN', data: { to: { status: 1, step: ctx.initialStep } }, occurredAt: now };
    await client.query(
      `INSERT INTO audit_log (dossier_id, entity_type, entity_id, action, actor_id, actor_role, data, occurred_at, prev_hash, hash)
       VALUES ($1, 'dossier', $2, 'submit', $3, 'CITIZEN', $4, $5, NULL, $6)`,
      [id, code, OWNER, audit.data, now, sha(JSON.stringify(audit))],
    );
    const payload = { type: 'dossier.submitted', timestamp: now.toISOString(), data: { dossierCode: code, procedureCode: body.procedureCode, agencyCode: ctx.agency.code, status: { code: 1 }, step: ctx.initialStep, sequence: 1, submittedAt: now.toISOString() } };
    await client.query(
      // Marked published: the service's relay, idle while the baseline runs, must not spend the baseline's CPU relaying it.
      `INSERT INTO outbox (event_id, aggregate_type, aggregate_id, sequence, event_type, payload, published_at) VALUES ($1, 'dossier', $2, 1, 'dossier.submitted', $3, now())`,
      [randomUUID(), id, payload],
    );
    await client.query('SELECT pg_notify($1, $2)', ['motcua_bench_baseline', id]);
    const values = body.documents.map((_, i) => `($1, $${2 + i * 2}, $${3 + i * 2}, 'submission')`).join(', ');
    await client.query(`INSERT INTO dossier_documents (dossier_id, document_code, file_id, purpose) VALUES ${values}`, [id, ...body.documents.flatMap((d) => [d.code, d.fileId])]);
    await client.query('UPDATE files SET attached_at = $1 WHERE id = ANY($2::uuid[])', [now, fileIds]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
  return [201, { id, code, status: { code: 1 }, step: ctx.initialStep, submittedAt: now.toISOString() }];
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    let status = 500;
    let out = {};
    try {
      [status, out] = await submit(JSON.parse(Buffer.concat(chunks).toString()), req.headers['idempotency-key']);
    } catch (e) {
      out = { error: String(e) };
    }
    const text = JSON.stringify(out);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
});
server.keepAliveTimeout = 65_000;
load().then(() => server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready')));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
