import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Counter of changes to the tables that case intake reads on every request (jurisdictions,
 * categories, districts, departments, routing rules, service definitions, webhooks and API
 * keys). Database triggers raise it on every insert, update and delete of those tables (on
 * `api_key`, only on updates of the columns that decide authentication), so it moves even for
 * writes from other processes, the CLI or hand-written SQL.
 */
@Entity({ tableName: 'reference_version' })
export class ReferenceVersion {
  /** Always 1. */
  @PrimaryKey({ type: 'integer', autoincrement: false })
  id!: number;

  @Property({ type: 'bigint' })
  version!: string;
}
