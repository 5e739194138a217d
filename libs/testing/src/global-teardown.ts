import { dropDatabase, TEMPLATE_DATABASE, withAdminClient } from './test-servers';

export default async function globalTeardown(): Promise<void> {
  await withAdminClient((client) => dropDatabase(client, TEMPLATE_DATABASE));
}
