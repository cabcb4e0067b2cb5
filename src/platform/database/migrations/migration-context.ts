import type { ColumnDataType, ColumnDefinitionBuilder, Expression } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../connection.js';

/** Column types that differ between the dialects, so one migration set serves both. */
export interface MigrationContext {
  dialect: DialectName;
  id: ColumnDataType | Expression<unknown>;
  bigint: ColumnDataType;
  /** Surrogate key; AUTOINCREMENT on SQLite so a deleted row's id is never handed out again. */
  primaryKey: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
}

export function migrationContext(dialect: DialectName): MigrationContext {
  return {
    dialect,
    id: dialect === 'postgres' ? sql`bigserial` : sql`integer`,
    bigint: dialect === 'postgres' ? 'bigint' : 'integer',
    primaryKey: (column) =>
      dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
  };
}
