import { Entity, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { Department } from './department.entity';
import { JurisdictionScoped } from './jurisdiction-scoped.entity';

/**
 * A kind of service request within one jurisdiction, such as "Graffiti Removal". Its code is
 * the source's service code, or one derived from the name when the source has none.
 */
@Entity({ tableName: 'category' })
@Unique({ properties: ['jurisdiction', 'code'] })
export class Category extends JurisdictionScoped {
  /** Queue of new cases when no routing rule matches. */
  @ManyToOne(() => Department, { nullable: true, deleteRule: 'set null' })
  department?: Department | null;

  /** Working hours from opening until a case is overdue; null sets no deadline. */
  @Property({ type: 'integer', nullable: true })
  targetHours?: number | null;

  /** Working hours from opening until the contact centre is warned; null sends no warning. */
  @Property({ type: 'integer', nullable: true })
  warningHours?: number | null;

  /** Whether resolving a case, or closing it as FIXED, needs a photo URL as evidence. */
  @Property({ type: 'boolean', default: false })
  requiresFixEvidence: boolean & Opt = false;
}
