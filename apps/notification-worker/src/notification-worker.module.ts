import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@motcua/config';
import { DatabaseModule } from '@motcua/database';
import { BullModule } from '@nestjs/bullmq';
import { MessagingModule, QUEUES } from '@motcua/messaging';
import { NotificationsModule } from '@motcua/notifications';
import { WebhookFanOut } from '@motcua/webhooks';
import { EventFanOut } from './events/event-fan-out';
import { PublishEventProcessor } from './events/publish-event.processor';
import { NotificationSweeper } from './notifications/notification-sweeper';
import { SendNotificationProcessor } from './notifications/send-notification.processor';
import { WebhooksWorkerModule } from './webhooks/webhooks-worker.module';
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
        NotificationsModule.forRoot(config),
        WebhooksWorkerModule,
      ],
      providers: [PublishEventProcessor, EventFanOut, WebhookFanOut, SendNotificationProcessor, NotificationSweeper],
    };
  }
}
