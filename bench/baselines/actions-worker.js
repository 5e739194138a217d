'use strict';
/**
 * Bare baseline for officer actions: a BullMQ worker (no Nest, no TypeORM) applying "accept" in one
 * transaction: lock the dossier row, update status/step/version/clock, insert history, audit
 * (hash-chained to the previous row) and two outbox rows (status_changed, step_changed), pg_notify.
 */
const { createHash, randomUUID } = require('node:crypto');
const { Worker } = require('bullmq');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const sha = (s) => createHash('sha256').update(s).digest('hex');
const url = new URL(process.env.REDIS_URL);

async function accept({ dossierId, actorId }) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT id, code, status, step, version, sequence FROM dossiers WHERE id = $1 FOR UPDATE', [dossierId]);
    const d = rows[0];
    if (!d || d.step !== 'submitted') {
      await client.query('ROLLBACK');
      return { rejected: true };
    }
    const now = new Date();
    const due = new Date(now.getTime() + 15 * 86400_000);
    await client.query(
      `UPDATE dossiers SET status = 2, step = 'assignment', version = version + 1, sequence = sequence + 2, received_at = $2, due_at = $3,
         step_entered_at = $2, step_due_at = $3, updated_at = $2 WHERE id = $1`,
      [dossierId, now, due],
    );
    await client.query(
      `INSERT INTO dossier_history (dossier_id, action, from_step, to_step, from_status, to_status, from_user_id, actor_role, data, occurred_at)
       VALUES ($1, 'accept', 'submitted', 'assignment', 1, 2, $2, 'RECEPTIONIST', '{}', $3)`,
      [dossierId, actorId, now],
    );
    const prev = await client.query('SELECT hash FROM audit_log WHERE dossier_id = $1 ORDER BY id DESC LIMIT 1', [dossierId]);
    const prevHash = prev.rows[0]?.hash ?? null;
    const data = { from: { status: 1, step: 'submitted' }, to: { status: 2, step: 'assignment' }, version: d.version + 1 };
    await client.query(
      `INSERT INTO audit_log (dossier_id, entity_type, entity_id, action, actor_id, actor_role, data, occurred_at, prev_hash, hash)
       VALUES ($1, 'dossier', $2, 'accept', $3, 'RECEPTIONIST', $4, $5, $6, $7)`,
      [dossierId, d.code, actorId, data, now, prevHash, sha((prevHash ?? '') + JSON.stringify(data))],
    );
    const payload = (type, seq) => ({ type, timestamp: now.toISOString(), data: { dossierCode: d.code, status: { code: 2 }, previousStatus: { code: 1 }, step: 'assignment', sequence: seq, dueAt: due.toISOString() } });
    await client.query(
      // Marked published: the service's relay, idle while the baseline runs, must not spend the baseline's CPU relaying them.
      `INSERT INTO outbox (event_id, aggregate_type, aggregate_id, sequence, event_type, payload, published_at)
       VALUES ($1, 'dossier', $2, $3, 'dossier.status_changed', $4, now()), ($5, 'dossier', $2, $6, 'dossier.step_changed', $7, now())`,
      [randomUUID(), dossierId, d.sequence + 1, payload('dossier.status_changed', d.sequence + 1), randomUUID(), d.sequence + 2, payload('dossier.step_changed', d.sequence + 2)],
    );
    await client.query('SELECT pg_notify($1, $2)', ['motcua_bench_baseline', dossierId]);
    await client.query('COMMIT');
    return { version: d.version + 1 };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

const worker = new Worker(process.env.QUEUE_NAME ?? 'bench-accept', (job) => accept(job.data), {
  connection: { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null },
  prefix: process.env.QUEUE_PREFIX ?? '{bench}',
  concurrency: Number(process.env.CONCURRENCY ?? 16),
});
worker.waitUntilReady().then(() => console.log('ready'));
process.on('SIGTERM', () => worker.close().then(() => pool.end()).then(() => process.exit(0)));
