import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { buildDataSourceOptions } from './data-source-options';

/** The application's TypeORM connection, configured from the validated AppConfig. */
@Module({})
export class DatabaseModule {
  static forRoot(applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => {
            if (!config.database.url) throw new Error('DATABASE_URL was not resolved before the application started');
            return {
              ...buildDataSourceOptions({ url: config.database.url, poolSize: config.database.poolSize, applicationName }),
              // Boot waits for the database a little, then fails with a clear message (see main.ts).
              retryAttempts: 3,
              retryDelay: 1000,
            };
          },
        }),
      ],
    };
  }
}
