import { Entity, ManyToOne, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { BudgetProcess } from './budget-process.entity';

/** One resident in the voter register of a budget process, read from a census file. */
@Entity({ tableName: 'budget_voter_register' })
export class VoterRegisterEntry {
  [PrimaryKeyProp]?: ['process', 'personHash'];

  @ManyToOne({ entity: () => BudgetProcess, primary: true, deleteRule: 'cascade' })
  process!: BudgetProcess;

  /** `hashIdentifier` of the personal id, never the id itself. */
  @PrimaryKey({ type: 'string', length: 64 })
  personHash!: string;

  /** ISO 8601 calendar date, such as 2008-06-15. */
  @Property({ type: 'string', length: 10 })
  birthDate!: string;

  /** District of residence as the census names it; null when the census gives none. */
  @Property({ type: 'string', length: 255, nullable: true })
  district?: string | null;
}
