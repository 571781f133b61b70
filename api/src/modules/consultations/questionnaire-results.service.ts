import type { EntityManager } from '@mikro-orm/core';
import {
  tallyQuestion,
  type DistrictTurnoutSnapshot,
  type QuestionResultSnapshot,
} from '@ratusz/shared';
import type { Consultation } from './consultation.entity';
import { toQuestionDefinition } from './question.entity';
import { QuestionnaireSubmission } from './questionnaire-submission.entity';
import { questionsOf } from './questionnaire.service';

/** Questionnaire part of a consultation's results. */
export type QuestionnaireResults = {
  respondents: number | null;
  questions: QuestionResultSnapshot[];
  turnout: DistrictTurnoutSnapshot[];
  /** Time of the latest submission or change of one, or null before any. */
  lastSubmittedAt: Date | null;
};

/**
 * Returns the population the respondents were drawn from: the summed populations of the target
 * districts when every one of them has a population, or of every district with a population
 * for a city-wide consultation. Null when unknown.
 *
 * NOTE: for a city-wide consultation the sum covers only districts whose population was set,
 * so a partial list understates the city and overstates the finite population correction.
 */
export function targetPopulation(consultation: Consultation): number | null {
  const populations = consultation.districtPopulations;
  const districts =
    consultation.districts.length > 0 ? consultation.districts : Object.keys(populations);
  if (
    districts.length === 0 ||
    districts.some((district) => !Object.hasOwn(populations, district))
  ) {
    return null;
  }

  return districts.reduce((sum, district) => sum + populations[district]!, 0);
}

function suppressed(count: number, minAggregateCount: number): number | null {
  return count > 0 && count < minAggregateCount ? null : count;
}

/**
 * Counts respondents per district against the district populations. Districts are the
 * target districts, or for a city-wide consultation every district with a population or a
 * respondent; respondents outside the register come last with a null district.
 */
function turnoutByDistrict(
  consultation: Consultation,
  districtsOfRespondents: (string | null)[],
  minAggregateCount: number,
): DistrictTurnoutSnapshot[] {
  const counts = new Map<string | null, number>();
  for (const district of districtsOfRespondents) {
    counts.set(district, (counts.get(district) ?? 0) + 1);
  }
  const named =
    consultation.districts.length > 0
      ? consultation.districts
      : [
          ...new Set([
            ...Object.keys(consultation.districtPopulations),
            ...districtsOfRespondents.filter((district): district is string => district !== null),
          ]),
        ].sort((left, right) => left.localeCompare(right));
  const rows: (string | null)[] = [...named];
  // Respondents from districts outside a targeted area (ANYONE audience) join the null row.
  const outside = districtsOfRespondents.filter(
    (district) => district === null || !named.includes(district),
  ).length;
  if (outside > 0) {
    rows.push(null);
  }

  return rows.map((district) => {
    const count = district === null ? outside : (counts.get(district) ?? 0);
    const population =
      district !== null && Object.hasOwn(consultation.districtPopulations, district)
        ? consultation.districtPopulations[district]!
        : null;
    const participants = suppressed(count, minAggregateCount);

    return {
      district,
      population,
      participants,
      turnout: participants !== null && population !== null ? participants / population : null,
    };
  });
}

/**
 * Tallies every question of a consultation and its turnout from the stored submissions. The
 * caller checks the results policy first. Free-text answers are read for keywords and topics
 * but never returned.
 *
 * NOTE: keywords and topics are recomputed from every text answer on each call, and a call
 * follows every vote and submission while results are live. Cache them per submission count
 * before running consultations with many thousands of text answers.
 */
export async function questionnaireResults(
  em: EntityManager,
  consultation: Consultation,
  minAggregateCount: number,
): Promise<QuestionnaireResults> {
  const questions = await questionsOf(em, consultation.id);
  const submissions = await em.find(
    QuestionnaireSubmission,
    { consultation: consultation.id },
    { fields: ['answers', 'district', 'updatedAt'] },
  );
  const sheets = submissions.map((submission) => submission.answers);
  const population = targetPopulation(consultation);

  const lastSubmittedAt = submissions.reduce<Date | null>(
    (latest, submission) =>
      latest === null || submission.updatedAt > latest ? submission.updatedAt : latest,
    null,
  );

  return {
    lastSubmittedAt,
    respondents: suppressed(submissions.length, minAggregateCount),
    questions: questions.map((question) =>
      tallyQuestion(toQuestionDefinition(question), sheets, {
        minAggregateCount,
        binding: question.binding,
        population,
        language: consultation.language,
      }),
    ),
    turnout: turnoutByDistrict(
      consultation,
      submissions.map((submission) => submission.district ?? null),
      minAggregateCount,
    ),
  };
}
