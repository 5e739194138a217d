import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Channel, MessageStatus, NotificationMessageEntity, RecipientKind } from '../entities';
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
}

/**
 * Renders drafts and inserts them, skipping any whose (event, channel, recipient) already exists:
 * that is what makes a re-consumed event, or a second fallback, create nothing new.
 */
@Injectable()
export class MessageWriter {
  private readonly logger = new Logger(MessageWriter.name);

  constructor(private readonly templates: NotificationTemplates) {}

  async create(manager: EntityManager, drafts: MessageDraft[], now = new Date()): Promise<CreatedMessage[]> {
    if (!drafts.length) return [];
    const rows = drafts.map((draft) => this.row(draft, now));
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(NotificationMessageEntity)
      .values(rows)
      .orIgnore()
      .returning(['id', 'channel', 'status'])
      .execute();
    return (result.raw as CreatedMessage[]).map(({ id, channel, status }) => ({ id, channel, status }));
  }

  private row(draft: MessageDraft, now: Date): Partial<NotificationMessageEntity> {
    const template = this.templates.catalogue.template(draft.template, draft.channel);
    const base = {
      eventId: draft.eventId,
      eventType: draft.eventType,
      dossierId: draft.dossierId,
      channel: draft.channel,
      recipient: draft.recipient,
      recipientKind: draft.recipientKind,
      recipientUserId: draft.recipientUserId,
      fallbackEmail: draft.fallbackEmail,
      fallbackOf: draft.fallbackOf ?? null,
      template: draft.template,
      templateVersion: template.version,
      personalisation: draft.personalisation as Record<string, string>,
    };
    try {
      const rendered = renderTemplate(template, draft.personalisation);
      return { ...base, subject: rendered.subject, body: rendered.body, status: 'created', nextAttemptAt: now };
    } catch (error) {
      if (!(error instanceof TemplateRenderError)) throw error;
      // Loud, but for this message only: the event's other messages and its webhooks still go out.
      this.logger.error({ err: error, eventId: draft.eventId, template: template.file }, 'a message could not be rendered');
      return { ...base, subject: null, body: '', status: 'technical-failure', failureReason: `render_failed: ${error.message}`, nextAttemptAt: null };
    }
  }
}
