import { createTestDatabase, TestDatabase } from '@motcua/testing';
import { migrationsUpToDate, runMigrationsLocked } from '.';
import { MIGRATIONS } from './migrations';

describe('migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
  });
  afterAll(() => db.drop());

  it('apply once when several replicas start together', async () => {
    const sources = await Promise.all([db.newDataSource(2), db.newDataSource(2), db.newDataSource(2)]);
    expect(await migrationsUpToDate(sources[0])).toBe(false);

    const applied = await Promise.all(sources.map((source) => runMigrationsLocked(source)));

    expect(applied.flat()).toHaveLength(MIGRATIONS.length);
    const [{ count }] = await sources[0].query('SELECT count(*)::int AS count FROM migrations');
    expect(count).toBe(MIGRATIONS.length);
    expect(await migrationsUpToDate(sources[1])).toBe(true);
    expect(await runMigrationsLocked(sources[2])).toEqual([]);
  });

  it('leave the schema exactly as the entities describe it', async () => {
    const source = await db.newDataSource(2);
    const pending = await source.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });
});
