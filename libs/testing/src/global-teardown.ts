import { dropRunDatabases, withAdminClient } from './test-servers';

export default async function globalTeardown(): Promise<void> {
  await withAdminClient((client) => dropRunDatabases(client, 'this'));
}
