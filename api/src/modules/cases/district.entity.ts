import { Entity, Unique } from '@mikro-orm/core';
import { JurisdictionScoped } from './jurisdiction-scoped.entity';

/**
 * An area of one jurisdiction that cases are counted by, such as a borough or a council
 * district. Its code is derived from the name.
 */
@Entity({ tableName: 'district' })
@Unique({ properties: ['jurisdiction', 'code'] })
export class District extends JurisdictionScoped {}
