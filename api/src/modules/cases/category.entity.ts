import { Entity, Unique } from '@mikro-orm/core';
import { JurisdictionScoped } from './jurisdiction-scoped.entity';

/**
 * A kind of service request within one jurisdiction, such as "Graffiti Removal". Its code is
 * the source's service code, or one derived from the name when the source has none.
 */
@Entity({ tableName: 'category' })
@Unique({ properties: ['jurisdiction', 'code'] })
export class Category extends JurisdictionScoped {}
