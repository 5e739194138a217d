import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EntityManager, In } from 'typeorm';
import { AgencyEntity, DivisionEntity, UserEntity } from '../entities';
import { hashPassword } from './password';

export interface DevelopmentAccount {
  username: string;
  fullName: string;
  roles: string[];
  agency?: string;
  division?: string;
  email?: string;
  phone?: string;
  idNumber?: string;
}

export function readDevelopmentAccounts(configDir: string): DevelopmentAccount[] {
  const file = join(configDir, 'dev-accounts.json');
  const { accounts } = JSON.parse(readFileSync(file, 'utf8')) as { accounts: DevelopmentAccount[] };
  return accounts;
}

/**
 * Creates the development accounts that do not exist yet (never in production: the caller checks).
 * Existing accounts are left as they are, so a changed password survives restarts.
 */
export async function seedDevelopmentAccounts(manager: EntityManager, accounts: DevelopmentAccount[], password: string): Promise<string[]> {
  const existing = new Set(
    (await manager.find(UserEntity, { where: { username: In(accounts.map((a) => a.username)) }, select: { username: true } })).map(
      (u) => u.username,
    ),
  );
  const missing = accounts.filter((account) => !existing.has(account.username));
  if (missing.length === 0) return [];
  const passwordHash = await hashPassword(password);
  for (const account of missing) {
    const agency = account.agency ? await manager.findOneByOrFail(AgencyEntity, { code: account.agency }) : null;
    const division =
      agency && account.division ? await manager.findOneByOrFail(DivisionEntity, { agencyId: agency.id, code: account.division }) : null;
    await manager.insert(UserEntity, {
      username: account.username,
      passwordHash,
      fullName: account.fullName,
      roles: account.roles,
      agencyId: agency?.id ?? null,
      divisionId: division?.id ?? null,
      email: account.email ?? null,
      phone: account.phone ?? null,
      idNumber: account.idNumber ?? null,
    });
  }
  return missing.map((account) => account.username);
}
