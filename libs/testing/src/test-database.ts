import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@motcua/database';
import { databaseUrl, dropDatabase, templateDatabase, uniqueDatabaseName, withAdminClient } from './test-servers';

export interface TestDatabase {
  name: string;
  url: string;
  /** The test's shared DataSource on this database (created on first use, closed by drop()). */
  dataSource(poolSize?: number): Promise<DataSource>;
  /** A separate DataSource (its own pool), e.g. to act as another replica; closed by drop(). */
  newDataSource(poolSize?: number): Promise<DataSource>;
  drop(): Promise<void>;
}

/** A private database for one test file: a clone of the migrated, seeded template, or an empty one. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = uniqueDatabaseName();
  await withAdminClient((client) =>
    client.query(options.empty ? `CREATE DATABASE "${name}"` : `CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}"`),
  );
  const url = databaseUrl(name);
  const sources: DataSource[] = [];
  let shared: Promise<DataSource> | undefined;
  const newDataSource = async (poolSize = 10) => {
    const dataSource = new DataSource(buildDataSourceOptions({ url, poolSize, applicationName: 'motcua-test' }));
    await dataSource.initialize();
    sources.push(dataSource);
    return dataSource;
  };
  return {
    name,
    url,
    newDataSource,
    // One pool per test file: the server's connection limit is shared by every file running at once.
    dataSource: (poolSize = 10) => (shared ??= newDataSource(poolSize)),
    async drop() {
      for (const source of sources) if (source.isInitialized) await source.destroy();
      await withAdminClient((client) => dropDatabase(client, name));
    },
  };
}
