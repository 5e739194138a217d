import { EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A statement the job consumers run at every job with new values. PostgreSQL parses it once per
 * connection, and plans it once when a generic plan serves as well, instead of at every call: for
 * their short statements, parsing and planning cost more than running. The name must be unique in
 * the process, and its result columns must be listed rather than `*` (a cached plan must keep its result type).
 */
export class NamedStatement<Row> {
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  /** Runs in the manager's transaction if it has one, else on any connection of the pool; returns the rows. */
  async run(manager: EntityManager, values: unknown[]): Promise<Row[]> {
    return (await this.execute(manager, values)).rows;
  }

  /** As `run`, with the number of rows the statement affected (for an UPDATE or DELETE without RETURNING). */
  async execute(manager: EntityManager, values: unknown[]): Promise<{ rows: Row[]; rowCount: number }> {
    const query = { name: this.name, text: this.text, values };
    const client = manager.queryRunner ? await manager.queryRunner.connect() : (manager.connection.driver as PostgresDriver).master;
    const result: { rows: Row[]; rowCount: number | null } = await client.query(query);
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  }
}
