import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import type { Channel } from '../entities';
import { ConsoleTransport } from './console-transport';
import type { SmsGateway } from './sms-gateway/gateway-config';
import { HttpSmsTransport } from './sms-gateway/http-sms-transport';
import { SmtpTransport } from './smtp-transport';
import type { Transport } from './transport';

/** The SMS gateway read from the configuration at start-up (null: none configured). */
export const CONFIGURED_SMS_GATEWAY = Symbol('CONFIGURED_SMS_GATEWAY');

/**
 * The transport of each channel, chosen from the configuration once at start-up: SMTP_URL for
 * e-mail, SMS_GATEWAY or SMS_PROVIDER for SMS; without one, the console channel in development
 * and test, and no channel at all in production (its messages are not created, so nothing pretends
 * to have been sent; start-up says so).
 */
@Injectable()
export class NotificationChannels implements OnModuleDestroy {
  private readonly logger = new Logger(NotificationChannels.name);
  private readonly transports = new Map<Channel, Transport>();

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(CONFIGURED_SMS_GATEWAY) { gateway }: { gateway: SmsGateway | null }) {
    const settings = config.notifications;
    const development = config.nodeEnv !== 'production';
    const email = settings.email.smtpUrl ? new SmtpTransport(settings.email.smtpUrl, settings.email.from) : development ? new ConsoleTransport('email') : null;
    const sms = gateway ? new HttpSmsTransport(gateway) : development ? new ConsoleTransport('sms') : null;
    if (email) this.transports.set('email', email);
    else this.logger.warn('SMTP_URL is not set: no e-mail will be sent');
    if (sms) this.transports.set('sms', sms);
    else this.logger.warn('SMS_PROVIDER / SMS_GATEWAY is not set: no SMS will be sent (applicants who prefer SMS get e-mail)');
  }

  transport(channel: Channel): Transport | undefined {
    return this.transports.get(channel);
  }

  available(channel: Channel): boolean {
    return this.transports.has(channel);
  }

  async onModuleDestroy(): Promise<void> {
    for (const transport of this.transports.values()) await transport.close?.();
  }
}
