import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Batcher, NamedStatement } from '@motcua/messaging';

/** What decides whether an account's token still works. */
export interface AccessState {
  active: boolean;
  accessVersion: number;
}

/**
 * How long a replica trusts what it read: an administrator's change reaches the replica that made it
 * at once and every other one within this time, for one read per active account per period.
 */
export const ACCESS_CACHE_MS = 5_000;
const MAX_CACHED = 10_000;
const MAX_IDS_PER_SELECT = 64;
const MAX_SELECTS_AT_ONCE = 2;
const READ_DEADLINE_MS = 5_000;

const READ_ACCESS = new NamedStatement<{ id: string; active: boolean; access_version: number }>(
  'account_access_by_ids',
  'SELECT id, active, access_version FROM users WHERE id = ANY($1::uuid[])',
);

/**
 * The current access of the accounts that tokens name, so deactivating an officer or changing their
 * roles or division ends their tokens' use within seconds rather than at expiry. Concurrent requests
 * share one select (see Batcher).
 */
@Injectable()
export class AccountAccess {
  private readonly cache = new Map<string, { state: AccessState | undefined; until: number }>();
  /** Raised by forget(): a read that began before it must not put the old state back. */
  private forgotten = 0;
  private readonly reads = new Batcher<string, AccessState | undefined>((ids) => this.read(ids), MAX_IDS_PER_SELECT, MAX_SELECTS_AT_ONCE, READ_DEADLINE_MS);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The account's access now (at most ACCESS_CACHE_MS old); undefined when there is no such account. */
  async current(userId: string): Promise<AccessState | undefined> {
    const cached = this.cache.get(userId);
    if (cached && cached.until > Date.now()) return cached.state;
    const generation = this.forgotten;
    const state = await this.reads.add(userId);
    if (generation !== this.forgotten) return state;
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!); // the oldest entry
    this.cache.set(userId, { state, until: Date.now() + ACCESS_CACHE_MS });
    return state;
  }

  /** Drops what this replica knows of an account (after changing it here). */
  forget(userId: string): void {
    this.forgotten += 1;
    this.cache.delete(userId);
  }

  private async read(ids: string[]): Promise<(AccessState | undefined)[]> {
    const rows = await READ_ACCESS.run(this.dataSource.manager, [ids]);
    const byId = new Map(rows.map((row) => [row.id, { active: row.active, accessVersion: row.access_version }]));
    return ids.map((id) => byId.get(id));
  }
}
