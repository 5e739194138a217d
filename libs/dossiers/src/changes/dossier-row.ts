import { EntityManager, EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { NamedStatement } from '@motcua/messaging';
import { DossierEntity } from '../entities';

/**
 * The statements that write a dossier row in one round trip, prepared once per connection. They name every column of DossierEntity,
 * taken from its metadata so a column added to the entity is written too; created_at and updated_at
 * are set by PostgreSQL and read back with RETURNING.
 */
interface DossierStatements {
  /** Every column except the two timestamps, in parameter order. */
  columns: ColumnMetadata[];
  insert: NamedStatement<{ created_at: Date; updated_at: Date }>;
  /** $1 is the id; the other columns follow in `columns` order from $2. */
  update: NamedStatement<{ updated_at: Date }>;
  /** `columns` without the id, in the update's parameter order. */
  updatedColumns: ColumnMetadata[];
}

const statementsByMetadata = new WeakMap<EntityMetadata, DossierStatements>();

function dossierStatements(manager: EntityManager): DossierStatements {
  const metadata = manager.connection.getMetadata(DossierEntity);
  let statements = statementsByMetadata.get(metadata);
  if (!statements) {
    const columns = metadata.columns.filter((c) => !c.isCreateDate && !c.isUpdateDate);
    const updatedColumns = columns.filter((c) => !c.isPrimary);
    const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
    const placeholders = columns.map((_, i) => `$${i + 1}`).join(', ');
    const assignments = updatedColumns.map((c, i) => `"${c.databaseName}" = $${i + 2}`).join(', ');
    statements = {
      columns,
      updatedColumns,
      insert: new NamedStatement('dossier_insert', `INSERT INTO dossiers (${names}) VALUES (${placeholders}) RETURNING created_at, updated_at`),
      update: new NamedStatement('dossier_update', `UPDATE dossiers SET ${assignments}, updated_at = CURRENT_TIMESTAMP WHERE id = $1 RETURNING updated_at`),
    };
    statementsByMetadata.set(metadata, statements);
  }
  return statements;
}

/** The column's value as the driver sends it (jsonb serialised, dates as dates); a missing value is NULL. */
function parameterOf(manager: EntityManager, column: ColumnMetadata, dossier: DossierEntity): unknown {
  return manager.connection.driver.preparePersistentValue(column.getEntityValue(dossier), column) ?? null;
}

/** Inserts a new dossier; sets its createdAt and updatedAt. Every column must be set (null where empty). */
export async function insertDossier(manager: EntityManager, dossier: DossierEntity): Promise<void> {
  const { columns, insert } = dossierStatements(manager);
  const [row] = await insert.run(
    manager,
    columns.map((column) => parameterOf(manager, column, dossier)),
  );
  dossier.createdAt = row.created_at;
  dossier.updatedAt = row.updated_at;
}

/**
 * Writes every column of a dossier the caller holds locked (so the entity is the row as it stands);
 * sets its updatedAt.
 */
export async function updateDossier(manager: EntityManager, dossier: DossierEntity): Promise<void> {
  const { updatedColumns, update } = dossierStatements(manager);
  const rows = await update.run(manager, [dossier.id, ...updatedColumns.map((column) => parameterOf(manager, column, dossier))]);
  if (!rows.length) throw new Error(`dossier ${dossier.id} does not exist`);
  dossier.updatedAt = rows[0].updated_at;
}
