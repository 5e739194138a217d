import { Logger } from '@nestjs/common';
import type { Channel } from '../entities';
import type { OutgoingMessage, SendOutcome, Transport } from './transport';

/**
 * Development stand-in for a channel with no provider configured: writes the message to the log
 * and counts it delivered, so the whole flow runs on a laptop without SMTP or an SMS account.
 */
export class ConsoleTransport implements Transport {
  readonly name = 'console';
  private readonly logger: Logger;

  constructor(channel: Channel) {
    this.logger = new Logger(`ConsoleTransport:${channel}`);
  }

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    this.logger.log({ messageId: message.id, to: message.recipient, subject: message.subject, body: message.body }, `${message.channel} (console channel)`);
    return { status: 'delivered', responseCode: 'logged', providerReference: message.id };
  }
}
