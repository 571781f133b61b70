import { Entity, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { DEFAULT_HOLIDAY_COUNTRY, DEFAULT_TIME_ZONE, DEFAULT_WORKING_HOURS } from '@ratusz/shared';

/** A city or data set whose cases are kept together, such as `nyc` or `demo`. */
@Entity({ tableName: 'jurisdiction' })
export class Jurisdiction {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  /** Short lower-case code; its upper-case form prefixes case numbers. */
  @Property({ type: 'string', length: 40 })
  @Unique()
  code!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  /** IANA time zone of the working hours that deadlines count. */
  @Property({ type: 'string', length: 64, default: DEFAULT_TIME_ZONE })
  timeZone: string & Opt = DEFAULT_TIME_ZONE;

  /** ISO 3166-1 alpha-2 country whose public holidays are days off. */
  @Property({ type: 'string', length: 2, default: DEFAULT_HOLIDAY_COUNTRY })
  holidayCountry: string & Opt = DEFAULT_HOLIDAY_COUNTRY;

  /** Region code within the country for regional holidays (such as BY in Germany), or null. */
  @Property({ type: 'string', length: 10, nullable: true })
  holidayRegion?: string | null;

  /** ISO weekdays that are working days, comma-separated: 1 is Monday and 7 is Sunday. */
  @Property({ type: 'string', length: 20, default: DEFAULT_WORKING_HOURS.weekdays.join(',') })
  workingWeekdays: string & Opt = DEFAULT_WORKING_HOURS.weekdays.join(',');

  /** Local start of the working day, in minutes after midnight. */
  @Property({ type: 'integer', default: DEFAULT_WORKING_HOURS.startMinute })
  workdayStartMinute: number & Opt = DEFAULT_WORKING_HOURS.startMinute;

  /** Local end of the working day, in minutes after midnight. */
  @Property({ type: 'integer', default: DEFAULT_WORKING_HOURS.endMinute })
  workdayEndMinute: number & Opt = DEFAULT_WORKING_HOURS.endMinute;
}
