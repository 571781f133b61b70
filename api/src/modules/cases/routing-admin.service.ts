import type { EntityManager } from '@mikro-orm/core';
import { calendarProblem, isKnownHolidayRegion } from '@ratusz/shared';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { caseErrors, isCaseModuleId } from './case.errors';
import { Category } from './category.entity';
import { Department } from './department.entity';
import { District } from './district.entity';
import type { DistrictBoundary } from './district-boundaries';
import { checkDistrictBoundaries } from './district-boundaries.check';
import { Jurisdiction } from './jurisdiction.entity';
import { codeFromName, ensureScoped } from './reference.service';
import { RoutingRule } from './routing-rule.entity';
import type {
  ConfigureCategoryInput,
  CreateDepartmentInput,
  ImportDistrictBoundariesInput,
  SetJurisdictionCalendarInput,
  SetRoutingRuleInput,
} from './routing.inputs';

/** Largest per-category target accepted, in working hours (about a year of 8-hour days). */
export const MAX_TARGET_HOURS = 2_000;

/** Outcome of a configuration mutation: the changed record, or why nothing changed. */
export type AdminResult<T> = { value: T | null; errors: UserError[] };

type Scoped = typeof Category | typeof District | typeof Department;

/** Loads a jurisdiction-scoped record by a client id and checks it belongs to `jurisdictionId`. */
async function findScoped<T extends Scoped>(
  em: EntityManager,
  entity: T,
  what: 'category' | 'district' | 'department',
  id: string,
  jurisdictionId: string,
  errors: UserError[],
): Promise<InstanceType<T> | null> {
  const found = isCaseModuleId(id)
    ? ((await em.findOne(entity as typeof Category, { id })) as InstanceType<T> | null)
    : null;
  if (!found) {
    errors.push(caseErrors.notFound(what, id, `${what}Id`));

    return null;
  }
  if (found.jurisdiction.id !== jurisdictionId) {
    errors.push(
      userError(
        `${what.toUpperCase()}_NOT_IN_JURISDICTION`,
        `The ${what} ${JSON.stringify(id)} belongs to another jurisdiction: pick one of this jurisdiction's.`,
        ['input', `${what}Id`],
      ),
    );

    return null;
  }

  return found;
}

async function findJurisdiction(
  em: EntityManager,
  id: string,
  errors: UserError[],
): Promise<Jurisdiction | null> {
  const found = isCaseModuleId(id) ? await em.findOne(Jurisdiction, { id }) : null;
  if (!found) {
    errors.push(caseErrors.notFound('jurisdiction', id, 'jurisdictionId'));
  }

  return found;
}

/** Creates a department of a jurisdiction, with a code derived from the name unless given. */
export async function createDepartment(
  em: EntityManager,
  input: CreateDepartmentInput,
): Promise<AdminResult<Department>> {
  return em.transactional(async (tx) => {
    const errors: UserError[] = [];
    const jurisdiction = await findJurisdiction(tx, input.jurisdictionId, errors);
    const name = input.name.trim();
    if (name === '' || name.length > 200) {
      errors.push(
        userError(
          'INVALID_NAME',
          'name must be 1 to 200 characters long: pass the display name of the department.',
          ['input', 'name'],
        ),
      );
    }
    const code = input.code ?? codeFromName(name);
    if (!/^[a-z0-9][a-z0-9-]{0,119}$/.test(code)) {
      errors.push(
        userError(
          'INVALID_CODE',
          `code ${JSON.stringify(code)} is invalid: use lower-case letters, digits and hyphens.`,
          ['input', 'code'],
        ),
      );
    }
    if (
      jurisdiction &&
      errors.length === 0 &&
      (await tx.count(Department, { jurisdiction, code })) > 0
    ) {
      errors.push(
        userError(
          'DUPLICATE_CODE',
          `A department with code ${code} exists already: pick another code.`,
          ['input', 'code'],
        ),
      );
    }
    if (!jurisdiction || errors.length > 0) {
      return { value: null, errors };
    }

    return { value: tx.create(Department, { jurisdiction, code, name }), errors: [] };
  });
}

function targetErrors(
  input: ConfigureCategoryInput,
  target: number | null,
  warning: number | null,
): UserError[] {
  const errors: UserError[] = [];
  for (const [field, value] of [
    ['targetHours', input.targetHours],
    ['warningHours', input.warningHours],
  ] as const) {
    if (value != null && (!Number.isInteger(value) || value < 1 || value > MAX_TARGET_HOURS)) {
      errors.push(
        userError(
          'INVALID_TARGET',
          `${field} ${value} is out of range: pass whole working hours from 1 to ${MAX_TARGET_HOURS}, or null.`,
          ['input', field],
        ),
      );
    }
  }
  if (errors.length === 0 && warning !== null && (target === null || warning >= target)) {
    errors.push(
      userError(
        'INVALID_TARGET',
        `warningHours ${warning} must be less than targetHours (${target ?? 'none'}).`,
        ['input', 'warningHours'],
      ),
    );
  }

  return errors;
}

/**
 * Sets a category's default department, deadline targets and evidence rule. Omitted fields
 * keep their value and null clears them. New targets apply to cases opened afterwards.
 */
export async function configureCategory(
  em: EntityManager,
  input: ConfigureCategoryInput,
): Promise<AdminResult<Category>> {
  return em.transactional(async (tx) => {
    const errors: UserError[] = [];
    const category = isCaseModuleId(input.categoryId)
      ? await tx.findOne(Category, { id: input.categoryId })
      : null;
    if (!category) {
      return {
        value: null,
        errors: [caseErrors.notFound('category', input.categoryId, 'categoryId')],
      };
    }
    let department = category.department ?? null;
    if (input.departmentId !== undefined) {
      department = input.departmentId
        ? await findScoped(
            tx,
            Department,
            'department',
            input.departmentId,
            category.jurisdiction.id,
            errors,
          )
        : null;
    }
    const target =
      input.targetHours !== undefined ? input.targetHours : (category.targetHours ?? null);
    const warning =
      input.warningHours !== undefined ? input.warningHours : (category.warningHours ?? null);
    errors.push(...targetErrors(input, target, warning));
    if (errors.length > 0) {
      return { value: null, errors };
    }
    category.department = department;
    category.targetHours = target;
    category.warningHours = warning;
    if (input.requiresFixEvidence != null) {
      category.requiresFixEvidence = input.requiresFixEvidence;
    }

    return { value: category, errors: [] };
  });
}

/**
 * Creates, replaces or (with no department) removes the routing rule for one combination of
 * category and district. Both may be omitted for a catch-all rule of the jurisdiction.
 */
export async function setRoutingRule(
  em: EntityManager,
  input: SetRoutingRuleInput,
): Promise<AdminResult<RoutingRule | 'REMOVED'>> {
  return em.transactional(async (tx) => {
    const errors: UserError[] = [];
    const jurisdiction = await findJurisdiction(tx, input.jurisdictionId, errors);
    if (!jurisdiction) {
      return { value: null, errors };
    }
    const category = input.categoryId
      ? await findScoped(tx, Category, 'category', input.categoryId, jurisdiction.id, errors)
      : null;
    const district = input.districtId
      ? await findScoped(tx, District, 'district', input.districtId, jurisdiction.id, errors)
      : null;
    const department = input.departmentId
      ? await findScoped(tx, Department, 'department', input.departmentId, jurisdiction.id, errors)
      : null;
    // A retired district locates no new case, so a rule for it would never apply. Removing an
    // old rule of a retired district stays allowed.
    if (district?.retiredAt && input.departmentId) {
      errors.push(
        userError(
          'DISTRICT_RETIRED',
          `The district ${JSON.stringify(district.id)} (${district.code}) was retired by a newer boundary import, so no new case is located in it: pick an active district, or import boundaries that contain it again.`,
          ['input', 'districtId'],
        ),
      );
    }
    if (errors.length > 0) {
      return { value: null, errors };
    }
    const existing = await tx.findOne(RoutingRule, {
      jurisdiction,
      category: category ? category.id : null,
      district: district ? district.id : null,
    });
    if (!department) {
      if (existing) {
        tx.remove(existing);
      }

      return { value: 'REMOVED', errors: [] };
    }
    if (existing) {
      existing.department = department;

      return { value: existing, errors: [] };
    }

    return {
      value: tx.create(RoutingRule, { jurisdiction, category, district, department }),
      errors: [],
    };
  });
}

/** Sets the working hours, time zone and holiday country that a jurisdiction's deadlines count. */
export async function setJurisdictionCalendar(
  em: EntityManager,
  input: SetJurisdictionCalendarInput,
): Promise<AdminResult<Jurisdiction>> {
  return em.transactional(async (tx) => {
    const errors: UserError[] = [];
    const jurisdiction = await findJurisdiction(tx, input.jurisdictionId, errors);
    const problem = calendarProblem({
      timeZone: input.timeZone,
      weekdays: input.workingWeekdays,
      startMinute: input.workdayStartMinute,
      endMinute: input.workdayEndMinute,
    });
    if (problem) {
      errors.push(userError('INVALID_CALENDAR', `The calendar is invalid: ${problem}.`, ['input']));
    }
    if (!isKnownHolidayRegion(input.holidayCountry, input.holidayRegion)) {
      errors.push(
        userError(
          'UNKNOWN_HOLIDAY_REGION',
          `No public holidays are known for ${input.holidayCountry}${input.holidayRegion ? `-${input.holidayRegion}` : ''}: pass an ISO 3166 country code such as PL, and optionally a region code such as BY for DE.`,
          ['input', 'holidayCountry'],
        ),
      );
    }
    if (!jurisdiction || errors.length > 0) {
      return { value: null, errors };
    }
    jurisdiction.timeZone = input.timeZone;
    jurisdiction.holidayCountry = input.holidayCountry;
    jurisdiction.holidayRegion = input.holidayRegion ?? null;
    jurisdiction.workingWeekdays = [...new Set(input.workingWeekdays)].sort().join(',');
    jurisdiction.workdayStartMinute = input.workdayStartMinute;
    jurisdiction.workdayEndMinute = input.workdayEndMinute;

    return { value: jurisdiction, errors: [] };
  });
}

/** Districts written by a boundary import. */
export type DistrictReplacement = {
  /** Districts of the imported boundaries, in input order. */
  districts: District[];
  /** Districts that were active before and are missing from the import, in code order. */
  retired: District[];
};

/** Option of `replaceDistrictBoundaries` for an import that matches no active district. */
export type ReplaceAllOption = {
  /** Whether to retire every active district when the import matches none of them. */
  replaceAll: boolean;
  /** Spelling of the option where the caller takes it, such as `--replace-all`, for the message. */
  optionName: string;
};

/**
 * Returns an error when the boundaries would retire every active district of the jurisdiction,
 * matching none of them by code, and the caller did not pass `replaceAll`. That usually means
 * the codes come from another property than last time, not that every district changed.
 */
async function replaceAllError(
  em: EntityManager,
  jurisdiction: Jurisdiction,
  boundaries: readonly DistrictBoundary[],
  { replaceAll, optionName }: ReplaceAllOption,
): Promise<UserError | null> {
  if (replaceAll) {
    return null;
  }
  const active = await em.find(District, { jurisdiction, retiredAt: null });
  const codes = new Set(boundaries.map((boundary) => boundary.code));
  if (active.length === 0 || active.some((district) => codes.has(district.code))) {
    return null;
  }

  return userError(
    'WOULD_RETIRE_ALL_DISTRICTS',
    `The boundaries match none of the ${active.length} active districts of jurisdiction ${jurisdiction.code} by code, so importing them would retire all ${active.length}: pass the code property that the previous import used, or pass ${optionName} to retire them all.`,
    ['input', 'featureCollection'],
  );
}

/**
 * Makes the given boundaries the jurisdiction's set of active districts. The CLI import and the
 * `importDistrictBoundaries` mutation both call this, so they behave alike. Districts are matched
 * by code and created when missing, and their name and boundary are replaced. A retired district
 * in the set becomes active again. Active districts missing from the set are retired: they lose
 * their boundary, so no new case is located in them, but keep their row, so their cases and
 * counts keep them. An import that would retire every active district and match none is
 * rejected before any write unless `replaceAll` is set. Runs in the caller's transaction.
 */
export async function replaceDistrictBoundaries(
  em: EntityManager,
  jurisdiction: Jurisdiction,
  boundaries: readonly DistrictBoundary[],
  option: ReplaceAllOption,
  now = new Date(),
): Promise<AdminResult<DistrictReplacement>> {
  const error = await replaceAllError(em, jurisdiction, boundaries, option);
  if (error) {
    return { value: null, errors: [error] };
  }
  const districts = await ensureScoped(
    em,
    District,
    jurisdiction,
    new Map(boundaries.map((boundary) => [boundary.code, boundary.name])),
  );
  const stored = boundaries.map((boundary) => {
    const district = districts.get(boundary.code)!;
    district.name = boundary.name;
    district.boundary = boundary.geometry;
    district.retiredAt = null;

    return district;
  });
  const importedCodes = new Set(boundaries.map((boundary) => boundary.code));
  const retired = [...districts.values()]
    .filter((district) => !importedCodes.has(district.code) && !district.retiredAt)
    .sort((a, b) => a.code.localeCompare(b.code));
  // The boundary is a lazy property, loaded first so the unit of work tracks clearing it.
  await em.populate(retired, ['boundary']);
  for (const district of retired) {
    district.boundary = null;
    district.retiredAt = now;
  }

  return { value: { districts: stored, retired }, errors: [] };
}

/**
 * Replaces the district boundaries of a jurisdiction from a GeoJSON FeatureCollection in one
 * transaction, as `replaceDistrictBoundaries` describes. The boundaries are checked in a worker
 * thread stopped after `timeoutSeconds`. Invalid input, or a check that timed out, writes nothing.
 */
export async function importDistrictBoundaries(
  em: EntityManager,
  input: ImportDistrictBoundariesInput,
  timeoutSeconds: number,
): Promise<AdminResult<DistrictReplacement>> {
  const parsed = await checkDistrictBoundaries(
    input.featureCollection,
    {
      nameProperty: input.nameProperty ?? undefined,
      codeProperty: input.codeProperty ?? undefined,
    },
    timeoutSeconds,
  );
  const errors: UserError[] = [...parsed.errors];

  return em.transactional(async (tx) => {
    const jurisdiction = await findJurisdiction(tx, input.jurisdictionId, errors);
    if (!jurisdiction || errors.length > 0) {
      return { value: null, errors };
    }

    return replaceDistrictBoundaries(tx, jurisdiction, parsed.boundaries, {
      replaceAll: input.replaceAll ?? false,
      optionName: 'replaceAll: true',
    });
  });
}
