import { EntityManager } from 'typeorm';
import { NamedStatement } from '@motcua/messaging';
import type { Channel, MessageStatus, NotificationMessageEntity } from '../entities';
import { CreatedMessage, insertMessagesSql, MessageRow } from '../messages/message-writer';

/** What an attempt needs of its message: the content to send, and what a fallback e-mail is made from. */
export type SendableMessage = Pick<
  NotificationMessageEntity,
  | 'id'
  | 'eventId'
  | 'eventType'
  | 'dossierId'
  | 'channel'
  | 'recipient'
  | 'recipientKind'
  | 'recipientUserId'
  | 'fallbackEmail'
  | 'template'
  | 'personalisation'
  | 'subject'
  | 'body'
  | 'attempts'
>;

interface MessageRecord {
  id: string;
  event_id: string;
  event_type: string;
  dossier_id: string;
  channel: Channel;
  recipient: string;
  recipient_kind: SendableMessage['recipientKind'];
  recipient_user_id: string | null;
  fallback_email: string | null;
  template: string;
  personalisation: Record<string, string>;
  subject: string | null;
  body: string;
  attempts: number;
}

const SENDABLE_COLUMNS: (keyof MessageRecord)[] = [
  'id',
  'event_id',
  'event_type',
  'dossier_id',
  'channel',
  'recipient',
  'recipient_kind',
  'recipient_user_id',
  'fallback_email',
  'template',
  'personalisation',
  'subject',
  'body',
  'attempts',
];

const CLAIM_DUE = new NamedStatement<MessageRecord>(
  'notifications.claim-due-message',
  `WITH due AS (
     SELECT id, channel, attempts FROM notification_messages
     WHERE id = $1 AND status <> 'sending' AND next_attempt_at <= $2::timestamptz + make_interval(secs => $3)
       AND attempts < $4 AND $5::jsonb ? channel
     FOR UPDATE SKIP LOCKED),
   slot AS (
     INSERT INTO notification_daily_counts (channel, day, count)
     SELECT channel, $6::date, 1 FROM due WHERE attempts = 0 AND ($7::jsonb->>channel)::int > 0
     ON CONFLICT (channel, day) DO UPDATE SET count = notification_daily_counts.count + 1
     WHERE notification_daily_counts.count < ($7::jsonb->>EXCLUDED.channel)::int
     RETURNING channel),
   claimed AS (
     UPDATE notification_messages m SET status = 'sending', attempts = m.attempts + 1, next_attempt_at = $8::timestamptz, updated_at = now()
     FROM due WHERE m.id = due.id AND (due.attempts > 0 OR ($7::jsonb->>due.channel)::int = 0 OR EXISTS (SELECT 1 FROM slot))
     RETURNING ${SENDABLE_COLUMNS.map((column) => `m.${column}`).join(', ')}),
   attempt AS (
     INSERT INTO notification_attempts (message_id, attempt, provider, outcome, started_at)
     SELECT id, attempts, $5::jsonb->>channel, 'sending', $2::timestamptz FROM claimed)
   SELECT ${SENDABLE_COLUMNS.join(', ')} FROM claimed`,
);

export interface DueMessageClaim {
  messageId: string;
  now: Date;
  /** A job may wake this much before the row's time (clock skew between workers). */
  earlyToleranceMs: number;
  maxAttempts: number;
  /** The attempt's lease: past it, the attempt counts as abandoned. */
  leaseUntil: Date;
  /** The provider of each channel that has one (recorded on the attempt). */
  providers: Partial<Record<Channel, string>>;
  /** Messages per channel and local day (0: no cap), and that day. */
  dailyCaps: Record<Channel, number>;
  day: string;
}

/**
 * The usual case of taking a message for an attempt, in one statement: the message is due, not in
 * an attempt, has attempts left, its channel has a provider, and — on a first attempt — the day's
 * cap has room (the slot is taken in the same statement). The row is locked with SKIP LOCKED, so a
 * message another worker holds is left to it. Null when any of this does not hold: the caller then
 * decides in a transaction (see MessageSender), which settles every other case.
 */
export async function claimDueMessage(manager: EntityManager, claim: DueMessageClaim): Promise<SendableMessage | null> {
  const rows = await CLAIM_DUE.run(manager, [
    claim.messageId,
    claim.now,
    claim.earlyToleranceMs / 1000,
    claim.maxAttempts,
    JSON.stringify(claim.providers),
    claim.day,
    JSON.stringify(claim.dailyCaps),
    claim.leaseUntil,
  ]);
  return rows.length ? sendable(rows[0]) : null;
}

const RECORD_RESULT = new NamedStatement<{ ours: boolean; fallback: CreatedMessage[] }>(
  'notifications.record-attempt-result',
  `WITH logged AS (
     UPDATE notification_attempts SET outcome = $3, response_code = $4, detail = $5, finished_at = $6
     WHERE message_id = $1 AND attempt = $2),
   moved AS (
     UPDATE notification_messages
     SET status = $3, next_attempt_at = $7, delivered_at = $8, provider_reference = $9, failure_reason = $10, updated_at = now()
     WHERE id = $1 AND attempts = $2 AND status = 'sending'
     RETURNING id),
   fallback AS (${insertMessagesSql('$11', 'EXISTS (SELECT 1 FROM moved)')})
   SELECT EXISTS (SELECT 1 FROM moved) AS ours,
          (SELECT coalesce(json_agg(json_build_object('id', id, 'channel', channel, 'status', status, 'eventId', "eventId")), '[]') FROM fallback) AS fallback`,
);

export interface AttemptResult {
  messageId: string;
  attempt: number;
  status: MessageStatus;
  responseCode: string | null;
  detail: string | null;
  providerReference: string | null;
  failureReason: string | null;
  finishedAt: Date;
  nextAttemptAt: Date | null;
  /** The e-mail that replaces an SMS refused for good, created only if the message is still ours. */
  fallback: MessageRow[];
}

/**
 * Records how an attempt ended, in one statement: the attempt row, the message's new status —
 * unless nobody holds it any more (an attempt judged abandoned and restarted), in which case only
 * the attempt row changes — and the fallback message, if any. Returns whether the message was ours
 * and the fallback created.
 */
export async function recordAttemptResult(manager: EntityManager, result: AttemptResult): Promise<{ ours: boolean; fallback: CreatedMessage[] }> {
  const [row] = await RECORD_RESULT.run(manager, [
    result.messageId,
    result.attempt,
    result.status,
    result.responseCode,
    result.detail,
    result.finishedAt,
    result.nextAttemptAt,
    result.status === 'delivered' ? result.finishedAt : null,
    result.providerReference,
    result.failureReason,
    JSON.stringify(result.fallback),
  ]);
  return row;
}

function sendable(row: MessageRecord): SendableMessage {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type,
    dossierId: row.dossier_id,
    channel: row.channel,
    recipient: row.recipient,
    recipientKind: row.recipient_kind,
    recipientUserId: row.recipient_user_id,
    fallbackEmail: row.fallback_email,
    template: row.template,
    personalisation: row.personalisation,
    subject: row.subject,
    body: row.body,
    attempts: row.attempts,
  };
}
