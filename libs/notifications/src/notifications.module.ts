import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@motcua/config';
import { QUEUES } from '@motcua/messaging';
import { DailyCap } from './delivery/daily-cap';
import { MessageSender } from './delivery/message-sender';
import { CONFIGURED_SMS_GATEWAY, NotificationChannels } from './delivery/notification-channels';
import { NotificationQueue } from './delivery/notification-queue';
import { loadSmsGateway } from './delivery/sms-gateway/gateway-config';
import { MessageWriter } from './messages/message-writer';
import { NotificationFanOut } from './notification-fan-out.service';
import { WorkflowStepRoles } from './recipients/workflow-step-roles';
import { loadTemplateCatalogue } from './templates/template-catalogue';
import { NotificationTemplates } from './templates/notification-templates';

/**
 * E-mail and SMS to applicants and officers: the fan-out (called by the outbox consumer), the
 * sender (called by the worker's job processor) and what they share. Needs APP_CONFIG, TypeORM and
 * BullMQ's root module from the importing app.
 */
@Module({})
export class NotificationsModule {
  static forRoot(config: AppConfig): DynamicModule {
    // Read and check config/templates and the SMS gateway now, while the app's module is built:
    // a broken file stops start-up with a message naming it (a throw inside Nest's injector would
    // abort the process instead).
    const templates = new NotificationTemplates(loadTemplateCatalogue(config.paths.configDir));
    const gateway = loadSmsGateway(config.notifications.sms, config.paths.root, config.paths.configDir);
    return {
      module: NotificationsModule,
      imports: [BullModule.registerQueue({ name: QUEUES.notifications })],
      providers: [
        { provide: NotificationTemplates, useValue: templates },
        { provide: CONFIGURED_SMS_GATEWAY, useValue: { gateway } },
        NotificationChannels,
        NotificationQueue,
        MessageWriter,
        DailyCap,
        MessageSender,
        WorkflowStepRoles,
        NotificationFanOut,
      ],
      exports: [NotificationFanOut, MessageSender, NotificationQueue, NotificationTemplates, NotificationChannels],
    };
  }
}
