import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@motcua/config';
import { CalendarModule } from '@motcua/calendar';
import { CatalogueModule, ConfigCatalogue } from '@motcua/catalogue';
import { DatabaseModule } from '@motcua/database';
import { BullModule } from '@nestjs/bullmq';
import { MessagingModule, OutboxRelay, QUEUES } from '@motcua/messaging';
import { LoggingModule } from '@motcua/observability';
import { WorkflowEngineCoreModule } from '@motcua/workflow';
import { WorkflowCommandsProcessor } from './commands/workflow-commands.processor';
import { WorkflowTimersProcessor } from './timers/workflow-timers.processor';

/** BullMQ workers, no HTTP: applies workflow commands, runs timers, relays the outbox. */
@Module({})
export class WorkflowEngineModule {
  static forRoot(config: AppConfig, catalogue: ConfigCatalogue): DynamicModule {
    return {
      module: WorkflowEngineModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot('workflow-engine'),
        DatabaseModule.forRoot('motcua-workflow-engine'),
        MessagingModule.forRoot(),
        CatalogueModule.forRoot(catalogue),
        CalendarModule,
        WorkflowEngineCoreModule,
        BullModule.registerQueue({ name: QUEUES.outbox }),
      ],
      providers: [WorkflowCommandsProcessor, WorkflowTimersProcessor, OutboxRelay],
    };
  }
}
