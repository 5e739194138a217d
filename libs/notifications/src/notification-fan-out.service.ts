import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { DossierEntity, DossierHistoryEntity } from '@motcua/dossiers';
import { AgencyEntity } from '@motcua/identity';
import type { OutboxEventEntity } from '@motcua/messaging';
import type { Channel } from './entities';
import { countStatus } from './delivery/notification-metrics';
import { NotificationChannels } from './delivery/notification-channels';
import { NotificationQueue } from './delivery/notification-queue';
import { MessageDraft, MessageWriter } from './messages/message-writer';
import { applicantRulesFor, officerRulesFor } from './recipients/notification-rules';
import { DossierEventData, EventExtras, personalisationFor } from './recipients/personalisation';
import { applicantRecipient, officerRecipients, Recipient, stepRoles } from './recipients/recipient-resolver';
import { NotificationTemplates } from './templates/notification-templates';
import type { Personalisation } from './templates/placeholders';

const nothingToQueue = async () => undefined;

/**
 * Turns one committed dossier event into one message per recipient and channel, inside the
 * consumer's transaction (config/templates/rules.json says who hears of what). Returns what to
 * queue once that transaction commits; a message whose job is lost is found by the sweeper.
 */
@Injectable()
export class NotificationFanOut {
  private readonly logger = new Logger(NotificationFanOut.name);

  constructor(
    private readonly templates: NotificationTemplates,
    private readonly channels: NotificationChannels,
    private readonly writer: MessageWriter,
    private readonly queue: NotificationQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async fanOut(manager: EntityManager, event: OutboxEventEntity): Promise<() => Promise<void>> {
    const rules = this.templates.catalogue.rules;
    const payload = event.payload as { timestamp?: string; data?: DossierEventData };
    const data = payload.data;
    if (!data) return nothingToQueue;
    const forApplicant = applicantRulesFor(rules, event.eventType, data.status?.code ?? null);
    const forOfficers = officerRulesFor(rules, event.eventType);
    if (!forApplicant.length && !forOfficers.length) return nothingToQueue;

    const dossier = await manager.findOneBy(DossierEntity, { id: event.aggregateId });
    if (!dossier) {
      this.logger.warn({ eventId: event.eventId, dossierId: event.aggregateId }, 'event of a dossier that does not exist: no message');
      return nothingToQueue;
    }
    const values = personalisationFor(data, await this.extras(manager, dossier, payload.timestamp), this.config.workingTime.timeZone);
    const base = { eventId: event.eventId, eventType: event.eventType, dossierId: dossier.id };
    const drafts: MessageDraft[] = [];
    if (forApplicant.length) {
      const applicant = await applicantRecipient(manager, dossier, data, rules);
      for (const rule of forApplicant) drafts.push(...this.draftsFor(applicant, rule.template, values, base));
    }
    for (const rule of forOfficers) {
      const roles = rule.recipients === 'step_roles' ? await stepRoles(manager, dossier, data.step?.code) : (data.detail?.notifyRoles ?? []);
      for (const officer of await officerRecipients(manager, dossier, roles, rules)) drafts.push(...this.draftsFor(officer, rule.template, values, base));
    }

    const created = await this.writer.create(manager, drafts);
    return async () => {
      for (const message of created) countStatus(message.channel, message.status);
      const due = created.filter((message) => message.status === 'created');
      await this.queue.enqueue(due.map((message) => ({ messageId: message.id, attempt: 1, correlationId: event.correlationId ?? undefined })));
    };
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

  /** What the event itself does not carry: the agency's name and the action's payload (reason, items, amount…). */
  private async extras(manager: EntityManager, dossier: DossierEntity, timestamp: string | undefined): Promise<EventExtras> {
    const agency = await manager.findOneBy(AgencyEntity, { id: dossier.agencyId });
    // The history row is written in the same transaction as the event, at the same instant.
    const history = timestamp
      ? await manager.findOne(DossierHistoryEntity, { where: { dossierId: dossier.id, occurredAt: new Date(timestamp) }, order: { id: 'DESC' } })
      : null;
    return { agencyName: agency?.name ?? '', actionData: history?.data ?? {} };
  }
}
