import { DataSource } from 'typeorm';
import type { AppConfig } from '@motcua/config';
import { seedCalendar } from '@motcua/calendar';
import { ConfigCatalogue, syncCatalogue } from '@motcua/catalogue';
import { buildDataSourceOptions, runMigrationsLocked } from '@motcua/database';
import { readDevelopmentAccounts, seedDevelopmentAccounts } from '@motcua/identity';

/** Separate from the migration lock so a long seed never blocks a replica's migrations check. */
const SEED_LOCK_KEY = 7_246_002;

export interface PreparationReport {
  migrations: string[];
  newProcedureVersions: string[];
  newWorkflowVersions: string[];
  calendarDays: number;
  /** Days whose kind this start's seed changed (their dossiers' due dates are recomputed by the engine). */
  calendarChangedDates: string[];
  /** Development accounts created by this start (none in production). */
  newAccounts: string[];
}

/**
 * Brings the database to what this build expects: migrations, then config/ loaded into
 * versioned rows, the calendar seeded and (outside production) the development accounts,
 * each under an advisory lock so replicas can start together.
 */
export async function prepareDatabase(config: AppConfig, catalogue: ConfigCatalogue): Promise<PreparationReport> {
  const dataSource = new DataSource({
    ...buildDataSourceOptions({ url: config.database.url!, poolSize: 2, applicationName: 'motcua-startup' }),
  });
  await dataSource.initialize();
  try {
    const migrations = await runMigrationsLocked(dataSource);
    return await dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
      const sync = await syncCatalogue(manager, catalogue);
      const calendar = await seedCalendar(manager, catalogue.announcedCalendar);
      const newAccounts =
        config.nodeEnv === 'production'
          ? []
          : await seedDevelopmentAccounts(manager, readDevelopmentAccounts(config.paths.configDir), config.auth.seedPassword);
      return { migrations, ...sync, calendarDays: calendar.days, calendarChangedDates: calendar.changedDates, newAccounts };
    });
  } finally {
    await dataSource.destroy();
  }
}
