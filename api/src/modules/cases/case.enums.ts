import { registerEnumType } from 'type-graphql';
import type { CaseChannel, CaseStatus } from '@ratusz/shared';

/** Kinds of change announced on the `caseChanged` subscription. */
export type CaseEventKind = 'CREATED' | 'UPDATED';

/** Groupings offered by `caseCounts`. */
export type CaseCountDimension = 'CATEGORY' | 'DISTRICT' | 'STATUS' | 'MONTH' | 'CHANNEL';

/** Maps each value of a string-literal union to itself, the shape `registerEnumType` reads. */
export function enumObject<T extends string>(descriptions: Record<T, string>): Record<T, T> {
  return Object.fromEntries(Object.keys(descriptions).map((key) => [key, key])) as Record<T, T>;
}

/** Maps each enum value to its GraphQL `valuesConfig` entry with a description. */
export function describedValues<T extends string>(descriptions: Record<T, string>) {
  return Object.fromEntries(
    Object.entries(descriptions).map(([key, description]) => [key, { description }]),
  ) as Record<T, { description: string }>;
}

const statusDescriptions: Record<CaseStatus, string> = {
  NEW: 'Received and not yet looked at.',
  ACKNOWLEDGED: 'Seen by staff and accepted as a case.',
  IN_PROGRESS: 'Work on the case has started.',
  ACTION_SCHEDULED: 'Work is planned for a later date.',
  WAITING_FOR_RESIDENT: 'Staff need more information from the resident.',
  RESOLVED: 'The problem was fixed or answered.',
  CLOSED: 'Closed without further work, for example as a duplicate or referral.',
};

const channelDescriptions: Record<CaseChannel, string> = {
  WEB: 'A web form.',
  PHONE: 'A phone call.',
  EMAIL: 'An e-mail message.',
  MOBILE_APP: 'A mobile application.',
  OPEN311: 'An Open311 GeoReport client.',
  IMPORT: 'A bulk import, or a source channel that maps to none of the others.',
};

const eventKindDescriptions: Record<CaseEventKind, string> = {
  CREATED: 'A case was opened.',
  UPDATED: 'A case changed, for example its status.',
};

const dimensionDescriptions: Record<CaseCountDimension, string> = {
  CATEGORY: 'One count per category; key is the category id.',
  DISTRICT: 'One count per district; key is the district id, or "none" for cases without one.',
  STATUS: 'One count per status; key is the status.',
  MONTH: 'One count per calendar month of creation in UTC; key is YYYY-MM.',
  CHANNEL: 'One count per channel; key is the channel.',
};

/** GraphQL enum objects, registered once below. */
export const CaseStatusEnum = enumObject(statusDescriptions);
export const CaseChannelEnum = enumObject(channelDescriptions);
export const CaseEventKindEnum = enumObject(eventKindDescriptions);
export const CaseCountDimensionEnum = enumObject(dimensionDescriptions);

registerEnumType(CaseStatusEnum, {
  name: 'CaseStatus',
  description: 'Life-cycle state of a case. RESOLVED and CLOSED are final.',
  valuesConfig: describedValues(statusDescriptions),
});
registerEnumType(CaseChannelEnum, {
  name: 'CaseChannel',
  description: 'Channel through which a case reached the city.',
  valuesConfig: describedValues(channelDescriptions),
});
registerEnumType(CaseEventKindEnum, {
  name: 'CaseEventKind',
  description: 'Kind of change announced on the caseChanged subscription.',
  valuesConfig: describedValues(eventKindDescriptions),
});
registerEnumType(CaseCountDimensionEnum, {
  name: 'CaseCountDimension',
  description: 'Grouping of case counts.',
  valuesConfig: describedValues(dimensionDescriptions),
});
