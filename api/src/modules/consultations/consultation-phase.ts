import type { EntityManager } from '@mikro-orm/core';
import {
  isPhaseAdvance,
  type ConsultationAudience,
  type ConsultationPhase,
  type KeywordLanguage,
  type ResultsPolicy,
  type VerificationLevel,
} from '@ratusz/shared';
import type { Config } from '../../platform/config';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { isRecordId } from '../../platform/ids';
import type { EventBus } from '../../platform/pubsub';
import { Consultation } from './consultation.entity';
import { canShowResults, currentPhase } from './consultation-policy';
import { consultationResults } from './consultation-results.service';
import { consultationNotFound, wrongPhase } from './participation.errors';

/** Maximum number of target districts of one consultation. */
export const MAX_CONSULTATION_DISTRICTS = 200;
/** Maximum length of a district name, in characters. */
export const MAX_DISTRICT_NAME_LENGTH = 100;
/** Maximum length of a consultation title, in characters. */
export const MAX_CONSULTATION_TITLE_LENGTH = 300;
/** Maximum length of a consultation description, in characters, the same as a case description. */
export const MAX_CONSULTATION_DESCRIPTION_LENGTH = 5_000;

/** Settings of a consultation that are fixed once it opens. Absent fields stay as they are. */
export type ConsultationSettings = {
  title?: string;
  description?: string | null;
  districts?: string[];
  audience?: ConsultationAudience;
  requiredVerification?: VerificationLevel | null;
  resultsPolicy?: ResultsPolicy;
  language?: KeywordLanguage;
  allowSubmissionEdits?: boolean;
  closesAt?: Date | null;
  resultsPublishAt?: Date | null;
};

/** Outcome of a consultation change: the consultation, or why nothing was written. */
export type ConsultationOutcome =
  { ok: true; consultation: Consultation } | { ok: false; errors: UserError[] };

/** Checks settings as they would be after the change, returning every problem. */
function settingsProblems(consultation: Consultation, now: Date): UserError[] {
  const errors: UserError[] = [];
  if (consultation.title.trim() === '') {
    errors.push(
      userError('INVALID_SETTING', 'The title is empty: give the consultation a title.', ['title']),
    );
  }
  if (consultation.title.length > MAX_CONSULTATION_TITLE_LENGTH) {
    errors.push(
      userError(
        'INVALID_SETTING',
        `The title has ${consultation.title.length} characters: shorten it to at most ${MAX_CONSULTATION_TITLE_LENGTH}.`,
        ['title'],
      ),
    );
  }
  const description = consultation.description ?? '';
  if (description.length > MAX_CONSULTATION_DESCRIPTION_LENGTH) {
    errors.push(
      userError(
        'INVALID_SETTING',
        `The description has ${description.length} characters: shorten it to at most ${MAX_CONSULTATION_DESCRIPTION_LENGTH}.`,
        ['description'],
      ),
    );
  }
  const districts = consultation.districts;
  if (districts.length > MAX_CONSULTATION_DISTRICTS) {
    errors.push(
      userError(
        'INVALID_SETTING',
        `${districts.length} districts are listed; the maximum is ${MAX_CONSULTATION_DISTRICTS}. Leave the list empty to target the whole city.`,
        ['districts'],
      ),
    );
  }
  const badDistrict = districts.find(
    (district) => district.trim() === '' || district.length > MAX_DISTRICT_NAME_LENGTH,
  );
  if (badDistrict !== undefined) {
    errors.push(
      userError(
        'INVALID_SETTING',
        `District ${JSON.stringify(badDistrict)} is invalid: names have 1 to ${MAX_DISTRICT_NAME_LENGTH} characters.`,
        ['districts'],
      ),
    );
  }
  if (new Set(districts).size !== districts.length) {
    errors.push(
      userError('INVALID_SETTING', 'A district is listed twice: list each district once.', [
        'districts',
      ]),
    );
  }
  const { closesAt, resultsPublishAt } = consultation;
  if (closesAt && closesAt <= now) {
    errors.push(
      userError(
        'INVALID_SETTING',
        `closesAt ${closesAt.toISOString()} is not in the future: pick a later time or leave it empty to close by request.`,
        ['closesAt'],
      ),
    );
  }
  if (resultsPublishAt && closesAt && resultsPublishAt < closesAt) {
    errors.push(
      userError(
        'INVALID_SETTING',
        `resultsPublishAt ${resultsPublishAt.toISOString()} is before closesAt ${closesAt.toISOString()}: results are published after the close.`,
        ['resultsPublishAt'],
      ),
    );
  }

  return errors;
}

function applySettings(consultation: Consultation, settings: ConsultationSettings): void {
  const fields = Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined),
  ) as ConsultationSettings;
  if (fields.title !== undefined) {
    fields.title = fields.title.trim();
  }
  if (fields.districts !== undefined) {
    fields.districts = fields.districts.map((district) => district.trim());
  }
  Object.assign(consultation, fields);
}

/** Creates a DRAFT consultation from settings, checking them first. */
export async function createDraftConsultation(
  em: EntityManager,
  settings: ConsultationSettings & { title: string },
  now: Date = new Date(),
): Promise<ConsultationOutcome> {
  const consultation = em.create(Consultation, { title: settings.title, createdAt: now });
  applySettings(consultation, settings);
  const errors = settingsProblems(consultation, now);
  if (errors.length > 0) {
    em.clear();
    return { ok: false, errors };
  }
  await em.flush();

  return { ok: true, consultation };
}

/** Loads a consultation by a client-supplied id, or returns the NOT_FOUND error. */
export async function loadConsultation(
  em: EntityManager,
  consultationId: string,
): Promise<{ ok: true; consultation: Consultation } | { ok: false; errors: UserError[] }> {
  const consultation = isRecordId(consultationId)
    ? await em.findOne(Consultation, { id: consultationId })
    : null;

  return consultation
    ? { ok: true, consultation }
    : { ok: false, errors: [consultationNotFound(consultationId)] };
}

/** Changes the settings of a DRAFT consultation; they are fixed once it opens. */
export async function updateConsultationSettings(
  em: EntityManager,
  consultationId: string,
  settings: ConsultationSettings,
  now: Date = new Date(),
): Promise<ConsultationOutcome> {
  const loaded = await loadConsultation(em, consultationId);
  if (!loaded.ok) {
    return loaded;
  }
  const { consultation } = loaded;
  const phase = currentPhase(consultation, now);
  if (phase !== 'DRAFT') {
    return { ok: false, errors: [wrongPhase('changing its settings', phase, ['DRAFT'])] };
  }
  applySettings(consultation, settings);
  const errors = settingsProblems(consultation, now);
  if (errors.length > 0) {
    em.clear();
    return { ok: false, errors };
  }
  await em.flush();

  return { ok: true, consultation };
}

/**
 * Moves a consultation to a later phase. Phases never move back, so results once shown stay
 * shown. When the new phase makes results visible, they are published to live subscribers.
 */
export async function advanceConsultationPhase(
  deps: { em: EntityManager; events: EventBus; config: Pick<Config, 'minAggregateCount'> },
  consultationId: string,
  target: ConsultationPhase,
  now: Date = new Date(),
): Promise<ConsultationOutcome> {
  const { em } = deps;
  const loaded = await loadConsultation(em, consultationId);
  if (!loaded.ok) {
    return loaded;
  }
  const { consultation } = loaded;
  const phase = currentPhase(consultation, now);
  if (!isPhaseAdvance(phase, target)) {
    return {
      ok: false,
      errors: [
        userError(
          'WRONG_PHASE',
          `The consultation is ${phase} and cannot move to ${target}: phases only move forward (DRAFT, OPEN, CLOSED, RESULTS_PUBLISHED).`,
          ['phase'],
        ),
      ],
    };
  }
  if (target === 'OPEN' && consultation.closesAt && consultation.closesAt <= now) {
    return {
      ok: false,
      errors: [
        userError(
          'INVALID_SETTING',
          `closesAt ${consultation.closesAt.toISOString()} has passed, so the consultation would close at once: set a later closesAt first.`,
          ['closesAt'],
        ),
      ],
    };
  }
  consultation.phase = target;
  await em.flush();
  await publishResultsIfVisible(deps, consultation, now);

  return { ok: true, consultation };
}

/** Publishes a consultation's results on its live topic when the policy allows showing them. */
export async function publishResultsIfVisible(
  deps: { em: EntityManager; events: EventBus; config: Pick<Config, 'minAggregateCount'> },
  consultation: Consultation,
  now: Date = new Date(),
): Promise<void> {
  if (!canShowResults(consultation, now)) {
    return;
  }
  const results = await consultationResults(
    deps.em,
    consultation.id,
    deps.config.minAggregateCount,
  );
  if (results) {
    await deps.events.pubSub.publish('CONSULTATION_RESULTS_UPDATED', consultation.id, results);
  }
}

/** One district's population, as set by an operator. */
export type DistrictPopulation = { district: string; population: number };

/** Replaces the district populations of a consultation. Allowed in every phase. */
export async function setDistrictPopulations(
  em: EntityManager,
  consultationId: string,
  populations: DistrictPopulation[],
): Promise<ConsultationOutcome> {
  const loaded = await loadConsultation(em, consultationId);
  if (!loaded.ok) {
    return loaded;
  }
  const errors: UserError[] = [];
  const map: Record<string, number> = {};
  populations.forEach((entry, index) => {
    const district = entry.district.trim();
    if (district === '' || district.length > MAX_DISTRICT_NAME_LENGTH) {
      errors.push(
        userError(
          'INVALID_SETTING',
          `District ${JSON.stringify(entry.district)} is invalid: names have 1 to ${MAX_DISTRICT_NAME_LENGTH} characters.`,
          ['populations', String(index), 'district'],
        ),
      );
    } else if (Object.hasOwn(map, district)) {
      errors.push(
        userError(
          'INVALID_SETTING',
          `District ${JSON.stringify(district)} is listed twice: list each district once.`,
          ['populations', String(index), 'district'],
        ),
      );
    }
    if (!Number.isInteger(entry.population) || entry.population < 1) {
      errors.push(
        userError(
          'INVALID_SETTING',
          `Population ${entry.population} of ${JSON.stringify(district)} is invalid: give a whole number of at least 1.`,
          ['populations', String(index), 'population'],
        ),
      );
    }
    map[district] = entry.population;
  });
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  loaded.consultation.districtPopulations = map;
  await em.flush();

  return loaded;
}
