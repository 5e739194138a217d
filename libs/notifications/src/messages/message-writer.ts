import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Channel, MessageStatus, RecipientKind } from '../entities';
import { NotificationTemplates } from '../templates/notification-templates';
import type { Personalisation } from '../templates/placeholders';
import { renderTemplate, TemplateRenderError } from '../templates/template-renderer';

/** A message to create: who, on which channel, with which template and values. */
export interface MessageDraft {
  eventId: string;
  eventType: string;
  dossierId: string;
  channel: Channel;
  recipient: string;
  recipientKind: RecipientKind;
  recipientUserId: string | null;
  fallbackEmail: string | null;
  fallbackOf?: string | null;
  template: string;
  personalisation: Personalisation;
}

export interface CreatedMessage {
  id: string;
  channel: Channel;
  status: MessageStatus;
  eventId: string;
}

/** A rendered message as a notification_messages row, ready for insertMessagesSql. */
export interface MessageRow {
  event_id: string;
  event_type: string;
  dossier_id: string;
  channel: Channel;
  recipient: string;
  recipient_kind: RecipientKind;
  recipient_user_id: string | null;
  fallback_email: string | null;
  fallback_of: string | null;
  template: string;
  template_version: number;
  personalisation: Personalisation;
  subject: string | null;
  body: string;
  status: MessageStatus;
  failure_reason: string | null;
  next_attempt_at: Date | null;
}

/** The columns a MessageRow fills, with their SQL types (for jsonb_to_recordset). */
const COLUMNS: [name: keyof MessageRow, type: string][] = [
  ['event_id', 'uuid'],
  ['event_type', 'varchar'],
  ['dossier_id', 'uuid'],
  ['channel', 'varchar'],
  ['recipient', 'varchar'],
  ['recipient_kind', 'varchar'],
  ['recipient_user_id', 'uuid'],
  ['fallback_email', 'varchar'],
  ['fallback_of', 'uuid'],
  ['template', 'varchar'],
  ['template_version', 'int'],
  ['personalisation', 'jsonb'],
  ['subject', 'text'],
  ['body', 'text'],
  ['status', 'varchar'],
  ['failure_reason', 'text'],
  ['next_attempt_at', 'timestamptz'],
];
const NAMES = COLUMNS.map(([name]) => name).join(', ');
const RECORD = COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ');

/**
 * One INSERT for any number of messages, from a jsonb array of MessageRow in the parameter `rowsParam`,
 * keeping only the rows for which `onlyIf` holds (an SQL condition on the row, aliased `m`). A message
 * whose (event, channel, recipient) already exists is skipped: that is what makes a re-consumed event,
 * or a second fallback, create nothing new. Returns the created messages (CreatedMessage).
 */
export function insertMessagesSql(rowsParam: string, onlyIf = 'true'): string {
  return `INSERT INTO notification_messages (${NAMES})
    SELECT ${NAMES} FROM jsonb_to_recordset(${rowsParam}::jsonb) AS m(${RECORD}) WHERE ${onlyIf}
    ON CONFLICT DO NOTHING
    RETURNING id, channel, status, event_id AS "eventId"`;
}

/** Renders drafts into message rows; a draft that cannot be rendered becomes a failed row, not an error. */
@Injectable()
export class MessageWriter {
  private readonly logger = new Logger(MessageWriter.name);

  constructor(private readonly templates: NotificationTemplates) {}

  /** Renders and inserts drafts in one statement (see insertMessagesSql). */
  async create(manager: EntityManager, drafts: MessageDraft[], now = new Date()): Promise<CreatedMessage[]> {
    return drafts.length ? this.insert(manager, this.rows(drafts, now)) : [];
  }

  async insert(manager: EntityManager, rows: MessageRow[]): Promise<CreatedMessage[]> {
    return manager.query(insertMessagesSql('$1'), [JSON.stringify(rows)]);
  }

  rows(drafts: MessageDraft[], now = new Date()): MessageRow[] {
    return drafts.map((draft) => this.row(draft, now));
  }

  private row(draft: MessageDraft, now: Date): MessageRow {
    const template = this.templates.catalogue.template(draft.template, draft.channel);
    const base = {
      event_id: draft.eventId,
      event_type: draft.eventType,
      dossier_id: draft.dossierId,
      channel: draft.channel,
      recipient: draft.recipient,
      recipient_kind: draft.recipientKind,
      recipient_user_id: draft.recipientUserId,
      fallback_email: draft.fallbackEmail,
      fallback_of: draft.fallbackOf ?? null,
      template: draft.template,
      template_version: template.version,
      personalisation: draft.personalisation,
    };
    try {
      const rendered = renderTemplate(template, draft.personalisation);
      return { ...base, subject: rendered.subject, body: rendered.body, status: 'created', failure_reason: null, next_attempt_at: now };
    } catch (error) {
      if (!(error instanceof TemplateRenderError)) throw error;
      // Loud, but for this message only: the event's other messages and its webhooks still go out.
      this.logger.error({ err: error, eventId: draft.eventId, template: template.file }, 'a message could not be rendered');
      return { ...base, subject: null, body: '', status: 'technical-failure', failure_reason: `render_failed: ${error.message}`, next_attempt_at: null };
    }
  }
}
