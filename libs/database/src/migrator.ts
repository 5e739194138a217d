import { DataSource } from 'typeorm';

/** Arbitrary constant key: every replica serialises its migrations on it. */
const MIGRATION_LOCK_KEY = 7_246_001;

/**
 * Runs pending migrations while holding a PostgreSQL advisory lock, so several replicas
 * starting together apply each migration once; the others wait and find nothing left to do.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/** True when every known migration has been applied (readiness). */
export async function migrationsUpToDate(dataSource: DataSource): Promise<boolean> {
  return !(await dataSource.showMigrations());
}
