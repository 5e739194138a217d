import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import type { OutboxEventEntity } from '@motcua/messaging';
import type { Channel } from './entities';
import { countStatus } from './delivery/notification-metrics';
import { NotificationChannels } from './delivery/notification-channels';
import { NotificationQueue } from './delivery/notification-queue';
import { CreatedMessage, MessageDraft, MessageRow, MessageWriter } from './messages/message-writer';
import { MessageContext, messageContextJoin } from './recipients/message-context';
import { applicantRulesFor, NotificationRules, officerRulesFor } from './recipients/notification-rules';
import { DossierEventData, personalisationFor } from './recipients/personalisation';
import { applicantRecipient, officerRecipients, Recipient } from './recipients/recipient-resolver';
import { WorkflowStepRoles } from './recipients/workflow-step-roles';
import { NotificationTemplates } from './templates/notification-templates';
import type { Personalisation } from './templates/placeholders';

/** An outbox event as the fan-out reads it, with the context of its dossier (see messageContextJoin). */
export interface EventForMessages extends Pick<OutboxEventEntity, 'eventId' | 'eventType' | 'payload'> {
  /** Null for an event no rule sends messages for, or whose dossier does not exist. */
  messageContext: MessageContext | null;
}

/**
 * Turns one committed dossier event into one message per recipient and channel
 * (config/templates/rules.json says who hears of what). The outbox consumer reads the event with its
 * context (contextJoin), renders the rows (draft), inserts them in the statement that marks the event
 * processed (insertMessagesSql) and queues them after commit (queueCreated); a message whose job is
 * lost is found by the sweeper.
 */
@Injectable()
export class NotificationFanOut {
  private readonly logger = new Logger(NotificationFanOut.name);
  /** The event types some rule sends messages for: only these need the dossier look-ups. */
  readonly eventTypes: string[];

  constructor(
    private readonly templates: NotificationTemplates,
    private readonly channels: NotificationChannels,
    private readonly writer: MessageWriter,
    private readonly queue: NotificationQueue,
    private readonly stepRoles: WorkflowStepRoles,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const { applicant, officers } = this.rules;
    this.eventTypes = [...new Set([...applicant.rules, ...officers.rules].map((rule) => rule.event))];
  }

  private get rules(): NotificationRules {
    return this.templates.catalogue.rules;
  }

  /** A LEFT JOIN LATERAL giving an outbox row aliased `o` its `message_context`; the parameter holds `eventTypes`. */
  contextJoin(eventTypesParam: string): string {
    return messageContextJoin(eventTypesParam);
  }

  /** The event's messages as rendered rows: one per recipient and channel. Reads the officers when a rule needs them. */
  async draft(manager: EntityManager, event: EventForMessages): Promise<MessageRow[]> {
    const payload = event.payload as { data?: DossierEventData };
    const data = payload.data;
    if (!data) return [];
    const forApplicant = applicantRulesFor(this.rules, event.eventType, data.status?.code ?? null);
    const forOfficers = officerRulesFor(this.rules, event.eventType);
    if (!forApplicant.length && !forOfficers.length) return [];

    const context = event.messageContext;
    if (!context) {
      this.logger.warn({ eventId: event.eventId }, 'event of a dossier that does not exist: no message');
      return [];
    }
    const values = personalisationFor(data, context, this.config.workingTime.timeZone);
    const base = { eventId: event.eventId, eventType: event.eventType, dossierId: context.dossier.id };
    const drafts: MessageDraft[] = [];
    if (forApplicant.length) {
      const applicant = applicantRecipient(context.applicantAccount, data, this.rules);
      for (const rule of forApplicant) drafts.push(...this.draftsFor(applicant, rule.template, values, base));
    }
    for (const rule of forOfficers) {
      const roles =
        rule.recipients === 'step_roles' ? await this.stepRoles.of(manager, context.dossier.workflowVersionId, data.step?.code) : (data.detail?.notifyRoles ?? []);
      for (const officer of await officerRecipients(manager, context.dossier, roles, this.rules)) drafts.push(...this.draftsFor(officer, rule.template, values, base));
    }
    return this.writer.rows(drafts);
  }

  /** After the messages are committed: counts them and queues those to send, with their event's correlation id. */
  async queueCreated(created: CreatedMessage[], correlationIds: ReadonlyMap<string, string | null>): Promise<void> {
    for (const message of created) countStatus(message.channel, message.status);
    const due = created.filter((message) => message.status === 'created');
    await this.queue.enqueue(due.map((message) => ({ messageId: message.id, attempt: 1, correlationId: correlationIds.get(message.eventId) ?? undefined })));
  }

  /**
   * The whole fan-out of one event inside the caller's transaction: reads the context, creates the
   * messages (none twice), and returns what to queue once that transaction commits.
   */
  async fanOut(manager: EntityManager, event: OutboxEventEntity): Promise<() => Promise<void>> {
    const [row]: { message_context: MessageContext | null }[] = await manager.query(
      `SELECT mc.message_context FROM outbox o ${this.contextJoin('$2')} WHERE o.event_id = $1`,
      [event.eventId, this.eventTypes],
    );
    const rows = await this.draft(manager, { ...event, messageContext: row?.message_context ?? null });
    const created = rows.length ? await this.writer.insert(manager, rows) : [];
    return () => this.queueCreated(created, new Map([[event.eventId, event.correlationId]]));
  }

  /**
   * The recipient's preferred channels that work here and that they have an address for; if none
   * remains, e-mail when possible, so nobody is left without word because of a preference.
   */
  private draftsFor(recipient: Recipient, template: string, values: Personalisation, base: Pick<MessageDraft, 'eventId' | 'eventType' | 'dossierId'>): MessageDraft[] {
    const address: Record<Channel, string | null> = { email: recipient.email, sms: recipient.phone };
    let channels = recipient.channels.filter((channel) => this.channels.available(channel) && address[channel]);
    if (!channels.length && this.channels.available('email') && recipient.email) channels = ['email'];
    return channels.map((channel) => ({
      ...base,
      channel,
      recipient: address[channel]!,
      recipientKind: recipient.kind,
      recipientUserId: recipient.userId,
      fallbackEmail: channel === 'sms' && this.channels.available('email') ? recipient.email : null,
      template,
      personalisation: { ...values, recipientName: recipient.name },
    }));
  }
}
