/**
 * Vocabulary of 311 service requests ("cases") shared by the API and the dashboard, and the
 * priority score that ranks categories per district.
 */
import type { CloseReason, DeadlineEventKind } from './case-lifecycle';

/** Every case status, from intake to closure. */
export const CASE_STATUSES = [
  'NEW',
  'ACKNOWLEDGED',
  'IN_PROGRESS',
  'ACTION_SCHEDULED',
  'WAITING_FOR_RESIDENT',
  'RESOLVED',
  'CLOSED',
] as const;

/** Life-cycle state of a case. RESOLVED and CLOSED are final, and the others are open. */
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Every channel through which a case can reach the city. */
export const CASE_CHANNELS = ['WEB', 'PHONE', 'EMAIL', 'MOBILE_APP', 'OPEN311', 'IMPORT'] as const;

/** Channel through which a case reached the city. */
export type CaseChannel = (typeof CASE_CHANNELS)[number];

/** Returns whether a case in this status still awaits work (neither RESOLVED nor CLOSED). */
export function isOpenStatus(status: CaseStatus): boolean {
  switch (status) {
    case 'RESOLVED':
    case 'CLOSED':
      return false;
    case 'NEW':
    case 'ACKNOWLEDGED':
    case 'IN_PROGRESS':
    case 'ACTION_SCHEDULED':
    case 'WAITING_FOR_RESIDENT':
      return true;
  }
}

/** A jurisdiction, category, district or department as embedded in a case snapshot. */
export type CaseReference = { id: string; code: string; name: string };

/**
 * Everything public about one case, as plain JSON (dates as ISO 8601 strings). A snapshot
 * carries no description or other resident free text.
 */
export type CaseSnapshot = {
  id: string;
  number: string;
  jurisdiction: CaseReference;
  /** Belongs to `jurisdiction`. */
  category: CaseReference;
  /** Belongs to `jurisdiction`, or null when the case has no district. */
  district: CaseReference | null;
  status: CaseStatus;
  /** Status as the source system wrote it, for imported cases. */
  sourceStatus: string | null;
  channel: CaseChannel;
  latitude: number | null;
  longitude: number | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Set when the status is CLOSED. */
  closeReason: CloseReason | null;
  /** First staff response: the first status change or public note by staff. */
  respondedAt: string | null;
  /** Latest resolution (RESOLVED, or CLOSED without RESOLVED first); null after reopening. */
  resolvedAt: string | null;
  /** Department whose queue the case is in, or null when no routing rule matched. */
  department: CaseReference | null;
  /** When the case reaches its warning time, or null without a warning target. */
  warningAt: string | null;
  /** When the case passes its target time, or null for categories without a target. */
  dueAt: string | null;
  /** Since when the deadline clock is paused (WAITING_FOR_RESIDENT), or null while it runs. */
  clockPausedAt: string | null;
};

/** Payload of the CASE_DEADLINE topic: an open case reached its warning time or passed its target. */
export type CaseDeadlineEvent = { kind: DeadlineEventKind; case: CaseSnapshot };

/** Payload of the CASE_CHANGED topic: a case was opened (CREATED) or changed (UPDATED). */
export type CaseChangedEvent = { kind: 'CREATED' | 'UPDATED'; case: CaseSnapshot };

/** Days after which a case's recency weight halves. */
export const PRIORITY_HALF_LIFE_DAYS = 30;

/** Age in days at which an open case's backlog weight stops growing. */
export const PRIORITY_AGE_CAP_DAYS = 90;

/** The priority score in words and symbols, as shown to people next to a ranking. */
export const PRIORITY_FORMULA =
  `score(district, category) = Σ over cases 2^(−ageDays/${PRIORITY_HALF_LIFE_DAYS})` +
  ` + Σ over open cases min(ageDays, ${PRIORITY_AGE_CAP_DAYS})/${PRIORITY_AGE_CAP_DAYS},` +
  ' where ageDays = max(0, asOf − createdAt) in days and asOf defaults to the newest createdAt' +
  ' among the cases in view';

const DAY_MS = 86_400_000;

/** The fields of one case that the priority score reads. */
export type PriorityCase = {
  /** Key of the district, null for cases without one. */
  districtKey: string | null;
  categoryKey: string;
  /** Category name, the last tie-break of the ranking. */
  categoryName: string;
  open: boolean;
  createdAt: Date;
};

/** Score and counts of one category in one district. */
export type PriorityScore = {
  /** 1 for the highest priority in the district. */
  rank: number;
  categoryKey: string;
  categoryName: string;
  score: number;
  caseCount: number;
  openCount: number;
  /** Cases at most `PRIORITY_HALF_LIFE_DAYS` old at `asOf`. */
  recentCount: number;
  /** Mean age in days of the open cases at `asOf`, or 0 when none is open. */
  meanOpenAgeDays: number;
};

/** Ranked categories of one district. */
export type DistrictPriority = { districtKey: string | null; entries: PriorityScore[] };

/** Returns the newest `createdAt` among `cases`, or undefined for no cases. */
export function newestCreatedAt(
  cases: readonly Pick<PriorityCase, 'createdAt'>[],
): Date | undefined {
  let newest: number | undefined;
  for (const item of cases) {
    const time = item.createdAt.getTime();
    if (newest === undefined || time > newest) {
      newest = time;
    }
  }

  return newest === undefined ? undefined : new Date(newest);
}

/** Returns the age of a case in days at `asOf`, never negative. */
export function ageInDays(createdAt: Date, asOf: Date): number {
  return Math.max(0, (asOf.getTime() - createdAt.getTime()) / DAY_MS);
}

type Accumulator = Omit<PriorityScore, 'rank' | 'meanOpenAgeDays'> & { openAgeSum: number };

function accumulate(target: Accumulator, item: PriorityCase, asOf: Date): void {
  const age = ageInDays(item.createdAt, asOf);
  target.caseCount += 1;
  target.score += 2 ** (-age / PRIORITY_HALF_LIFE_DAYS);
  if (age <= PRIORITY_HALF_LIFE_DAYS) {
    target.recentCount += 1;
  }
  if (item.open) {
    target.openCount += 1;
    target.openAgeSum += age;
    target.score += Math.min(age, PRIORITY_AGE_CAP_DAYS) / PRIORITY_AGE_CAP_DAYS;
  }
}

/** Orders by score desc, then case count desc, then category name. */
function comparePriority(a: Accumulator, b: Accumulator): number {
  return (
    b.score - a.score || b.caseCount - a.caseCount || a.categoryName.localeCompare(b.categoryName)
  );
}

/**
 * Scores every (district, category) pair of `cases` at `asOf` with `PRIORITY_FORMULA` and
 * ranks the categories of each district. Districts are returned in order of first appearance
 * in `cases`, and `top` keeps that many entries per district (all when omitted).
 */
export function rankPriorities(
  cases: readonly PriorityCase[],
  asOf: Date,
  top?: number,
): DistrictPriority[] {
  const districts = new Map<string | null, Map<string, Accumulator>>();
  for (const item of cases) {
    let categories = districts.get(item.districtKey);
    if (!categories) {
      categories = new Map();
      districts.set(item.districtKey, categories);
    }
    let entry = categories.get(item.categoryKey);
    if (!entry) {
      entry = {
        categoryKey: item.categoryKey,
        categoryName: item.categoryName,
        score: 0,
        caseCount: 0,
        openCount: 0,
        recentCount: 0,
        openAgeSum: 0,
      };
      categories.set(item.categoryKey, entry);
    }
    accumulate(entry, item, asOf);
  }

  return [...districts].map(([districtKey, categories]) => ({
    districtKey,
    entries: [...categories.values()]
      .sort(comparePriority)
      .slice(0, top)
      .map(({ openAgeSum, ...entry }, index) => ({
        ...entry,
        rank: index + 1,
        meanOpenAgeDays: entry.openCount === 0 ? 0 : openAgeSum / entry.openCount,
      })),
  }));
}
