import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@motcua/config';
import { DatabaseModule } from '@motcua/database';
import { MessagingModule } from '@motcua/messaging';
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
      ],
    };
  }
}
