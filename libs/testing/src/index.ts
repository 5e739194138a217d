export { createTestDatabase } from './test-database';
export type { TestDatabase } from './test-database';
export { testConfig, clearQueuePrefix } from './test-config';
export { TEST_SERVER_URL, TEST_REDIS_URL, TEST_SEED_PASSWORD, withAdminClient, databaseUrl } from './test-servers';
