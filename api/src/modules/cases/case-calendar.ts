import { publicHolidays, type BusinessCalendar } from '@ratusz/shared';
import type { Jurisdiction } from './jurisdiction.entity';

/** Builds the business calendar of a jurisdiction from its stored settings. */
export function jurisdictionCalendar(jurisdiction: Jurisdiction): BusinessCalendar {
  return {
    timeZone: jurisdiction.timeZone,
    weekdays: jurisdiction.workingWeekdays.split(',').map(Number),
    startMinute: jurisdiction.workdayStartMinute,
    endMinute: jurisdiction.workdayEndMinute,
    isHoliday: publicHolidays(jurisdiction.holidayCountry, jurisdiction.holidayRegion),
  };
}
