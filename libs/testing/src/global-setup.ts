import { DataSource } from 'typeorm';
import { loadConfigCatalogue, syncCatalogue } from '@motcua/catalogue';
import { seedCalendar } from '@motcua/calendar';
import { projectRoot } from '@motcua/config';
import { buildDataSourceOptions, runMigrationsLocked } from '@motcua/database';
import { readDevelopmentAccounts, seedDevelopmentAccounts } from '@motcua/identity';
import { join } from 'node:path';
import { databaseUrl, dropRunDatabases, templateDatabase, TEST_SEED_PASSWORD, withAdminClient } from './test-servers';

/**
 * Migrates and seeds one template database (catalogue, calendar, development accounts); each test file then clones it
 * (CREATE DATABASE … TEMPLATE), which takes milliseconds instead of a migration run.
 */
export default async function globalSetup(): Promise<void> {
  await withAdminClient(async (client) => {
    await dropRunDatabases(client, 'dead');
    await client.query(`CREATE DATABASE "${templateDatabase()}"`);
  });
  const dataSource = new DataSource(buildDataSourceOptions({ url: databaseUrl(templateDatabase()), poolSize: 2 }));
  await dataSource.initialize();
  try {
    await runMigrationsLocked(dataSource);
    const configDir = join(projectRoot(), 'config');
    const catalogue = loadConfigCatalogue(configDir);
    await dataSource.transaction(async (manager) => {
      await syncCatalogue(manager, catalogue);
      await seedCalendar(manager, catalogue.announcedCalendar);
      await seedDevelopmentAccounts(manager, readDevelopmentAccounts(configDir), TEST_SEED_PASSWORD);
    });
  } finally {
    await dataSource.destroy();
  }
}
