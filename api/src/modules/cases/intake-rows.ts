import type { EntityManager } from '@mikro-orm/core';
import { createdRowsAuditInputs, currentAuditScope } from '../../platform/audit/audit-subscriber';
import { appendAuditEntries } from '../../platform/audit/audit';

/** An entity class whose rows `IntakeRows` inserts. */
type EntityClass = { name: string; new (...args: never[]): object };

/** One row in property names, relations given by id, with every property its entity requires. */
export type IntakeRow = { id: string } & Record<string, unknown>;

/**
 * Rows of new cases (the case, its timeline entries, Open311 details and webhook deliveries)
 * written with one multi-row insert per table, outside the unit of work. Intake creates many
 * rows and changes none, so change tracking would cost time and catch nothing. Tables are
 * inserted in the order of their first row, so a case goes in before the rows that refer to it.
 *
 * `store` also appends the audit entries that a flush of the same rows would record: one
 * `<table>.created` entry per row, with the audit scope of the caller.
 */
export class IntakeRows {
  private readonly tables = new Map<EntityClass, IntakeRow[]>();

  /** Adds a row of `entity`. Rows of one entity must name the same properties. */
  add(entity: EntityClass, row: IntakeRow): void {
    const rows = this.tables.get(entity);
    if (rows) {
      rows.push(row);
    } else {
      this.tables.set(entity, [row]);
    }
  }

  /** Inserts every row and its audit entries inside the transaction of `tx`. */
  async store(tx: EntityManager): Promise<void> {
    const scope = currentAuditScope();
    const audit = [];
    for (const [entity, rows] of this.tables) {
      await tx.insertMany(entity, rows as never[]);
      audit.push(...createdRowsAuditInputs(entity.name, rows.map((row) => row.id), scope));
    }
    await appendAuditEntries(tx, audit);
  }
}
