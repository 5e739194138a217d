import { EntityManager, EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { DossierEntity } from '../entities';

/**
 * A dossier's columns as the statements that write it name them, taken from the entity's metadata
 * so that a column added to the entity is read and written too; created_at and updated_at are set by
 * PostgreSQL and read back with RETURNING.
 */
export interface DossierColumns {
  /** Every column except the two timestamps: an insert's values, in order. */
  inserted: ColumnMetadata[];
  /** `inserted` without the id: an update's values, in order, after the id. */
  updated: ColumnMetadata[];
}

const columnsByMetadata = new WeakMap<EntityMetadata, DossierColumns>();

export function dossierColumns(manager: EntityManager): DossierColumns {
  const metadata = manager.connection.getMetadata(DossierEntity);
  let columns = columnsByMetadata.get(metadata);
  if (!columns) {
    const inserted = metadata.columns.filter((c) => !c.isCreateDate && !c.isUpdateDate);
    columns = { inserted, updated: inserted.filter((c) => !c.isPrimary) };
    columnsByMetadata.set(metadata, columns);
  }
  return columns;
}

/** `INSERT INTO dossiers …` with the values from $1, as dossierParameters orders them. */
export function dossierInsertSql(columns: DossierColumns): string {
  const names = columns.inserted.map((c) => `"${c.databaseName}"`).join(', ');
  return `INSERT INTO dossiers (${names}) VALUES (${columns.inserted.map((_, i) => `$${i + 1}`).join(', ')})`;
}

/** `UPDATE dossiers …` of every column of the row whose id is $1, the values from $2. */
export function dossierUpdateSql(columns: DossierColumns): string {
  const assignments = columns.updated.map((c, i) => `"${c.databaseName}" = $${i + 2}`).join(', ');
  return `UPDATE dossiers SET ${assignments}, updated_at = CURRENT_TIMESTAMP WHERE id = $1`;
}

/** The values of dossierInsertSql (`created`) or dossierUpdateSql, as the driver sends them (a missing value is NULL). */
export function dossierParameters(manager: EntityManager, dossier: DossierEntity, created: boolean): unknown[] {
  const columns = dossierColumns(manager);
  const driver = manager.connection.driver;
  const value = (column: ColumnMetadata) => driver.preparePersistentValue(column.getEntityValue(dossier), column) ?? null;
  return created ? columns.inserted.map(value) : [dossier.id, ...columns.updated.map(value)];
}

/**
 * The select list of every dossier column under table alias `alias`, each named as its entity
 * property, so that a row read with it is the entity (see dossierFromRow).
 */
export function dossierSelectList(manager: EntityManager, alias: string): string {
  return manager.connection
    .getMetadata(DossierEntity)
    .columns.map((c) => `${alias}."${c.databaseName}" AS "${c.propertyName}"`)
    .join(', ');
}

/**
 * A dossier from a row read with dossierSelectList (other columns of the row are left out). The
 * driver already gives every column type of the entity its JavaScript type (uuid and varchar as
 * strings, integers as numbers, timestamptz as dates, jsonb parsed), as the ORM would.
 */
export function dossierFromRow(manager: EntityManager, row: Record<string, unknown>): DossierEntity {
  const dossier = new DossierEntity();
  for (const column of manager.connection.getMetadata(DossierEntity).columns) column.setEntityValue(dossier, row[column.propertyName]);
  return dossier;
}
