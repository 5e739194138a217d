export { buildDataSourceOptions } from './data-source-options';
export type { DatabaseConnectionSettings } from './data-source-options';
export { runMigrationsLocked, migrationsUpToDate } from './migrator';
export { startEmbeddedPostgres } from './embedded-postgres';
export type { EmbeddedPostgresHandle } from './embedded-postgres';
export { DatabaseModule } from './database.module';
export { ALL_ENTITIES } from './entities';
