import { Entity, Unique } from '@mikro-orm/core';
import { JurisdictionScoped } from './jurisdiction-scoped.entity';

/**
 * A unit of one jurisdiction that works on cases, such as "Roads" or "Sanitation". Each
 * department has one queue: the open cases assigned to it.
 */
@Entity({ tableName: 'department' })
@Unique({ properties: ['jurisdiction', 'code'] })
export class Department extends JurisdictionScoped {}
