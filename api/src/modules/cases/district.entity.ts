import { Entity, Property, Unique } from '@mikro-orm/core';
import type { MultiPolygon, Polygon } from 'geojson';
import { JurisdictionScoped } from './jurisdiction-scoped.entity';

/**
 * An area of one jurisdiction that cases are counted by, such as a borough or a council
 * district. Its code is derived from the name.
 */
@Entity({ tableName: 'district' })
@Unique({ properties: ['jurisdiction', 'code'] })
export class District extends JurisdictionScoped {
  /** GeoJSON boundary (WGS 84) that locates new cases in this district; null when unknown. */
  @Property({ type: 'json', nullable: true, lazy: true })
  boundary?: Polygon | MultiPolygon | null;

  /**
   * When a boundary import that no longer contained the district retired it. A retired district
   * has no boundary, keeps its cases for history and receives no new ones.
   */
  @Property({ type: 'datetime', nullable: true })
  retiredAt?: Date | null;
}
