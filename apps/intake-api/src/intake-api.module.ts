import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@motcua/config';
import { CalendarModule } from '@motcua/calendar';
import { CatalogueModule, ConfigCatalogue } from '@motcua/catalogue';
import { DatabaseModule } from '@motcua/database';
import { MessagingModule } from '@motcua/messaging';
import { LoggingModule, MetricsModule } from '@motcua/observability';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { CalendarController } from './calendar/calendar.controller';
import { FilesHttpModule } from './files/files-http.module';
import { DossiersHttpModule } from './dossiers/dossiers-http.module';
import { HealthModule } from './health/health.module';
import { LookupModule } from './lookup/lookup.module';
import { WebhooksHttpModule } from './webhooks/webhooks-http.module';
import { ProceduresController } from './procedures/procedures.controller';

/** The HTTP API: catalogue, calendar, operations (and, as they land, accounts, files and dossiers). */
@Module({})
export class IntakeApiModule {
  static forRoot(config: AppConfig, catalogue: ConfigCatalogue): DynamicModule {
    return {
      module: IntakeApiModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot('intake-api'),
        DatabaseModule.forRoot('motcua-intake-api'),
        MessagingModule.forRoot(),
        CatalogueModule.forRoot(catalogue),
        CalendarModule,
        AuthModule,
        FilesHttpModule,
        DossiersHttpModule,
        HealthModule,
        LookupModule,
        WebhooksHttpModule,
        MetricsModule,
        AdminModule,
      ],
      controllers: [ProceduresController, CalendarController],
    };
  }
}
