import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@motcua/config';
import { DatabaseModule } from '@motcua/database';
import { BullModule } from '@nestjs/bullmq';
import { MessagingModule, QUEUES } from '@motcua/messaging';
import { NotificationFanOut } from '@motcua/notifications';
import { WebhookFanOut } from '@motcua/webhooks';
import { PublishEventProcessor } from './events/publish-event.processor';
import { LoggingModule } from '@motcua/observability';

/** BullMQ workers, no HTTP: e-mail, SMS and portal webhooks with their delivery log. */
@Module({})
export class NotificationWorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: NotificationWorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot('notification-worker'),
        DatabaseModule.forRoot('motcua-notification-worker'),
        MessagingModule.forRoot(),
        BullModule.registerQueue({ name: QUEUES.outbox }),
      ],
      providers: [PublishEventProcessor, WebhookFanOut, NotificationFanOut],
    };
  }
}
