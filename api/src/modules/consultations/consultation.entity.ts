import { Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import type {
  ConsultationAudience,
  ConsultationPhase,
  KeywordLanguage,
  ResultsPolicy,
  VerificationLevel,
} from '@ratusz/shared';
import { randomUUID } from 'node:crypto';

/**
 * A question put to residents, answered through a questionnaire and by voting on short
 * statements.
 */
@Entity({ tableName: 'consultation' })
export class Consultation {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** Origin of the consultation, such as the URL of an imported Polis conversation. */
  @Property({ type: 'string', length: 500, nullable: true })
  source?: string | null;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  // NOTE: the enum-like columns below have no database check, because the SQLite schema diff
  // of MikroORM 6.6 does not read enum checks back. The GraphQL enums admit only listed values.

  /** Stored phase; `effectivePhase` applies `closesAt` and `resultsPublishAt` on top. */
  @Property({ type: 'string', length: 24 })
  phase: ConsultationPhase & Opt = 'DRAFT';

  @Property({ type: 'string', length: 24 })
  resultsPolicy: ResultsPolicy & Opt = 'AFTER_CLOSE';

  @Property({ type: 'string', length: 24 })
  audience: ConsultationAudience & Opt = 'ANYONE';

  /**
   * Minimum verification level of the resident account behind each answer, statement and
   * statement vote; null when the audience alone decides. Fixed once the consultation opens.
   */
  @Property({ type: 'string', length: 20, nullable: true })
  requiredVerification?: VerificationLevel | null = null;

  /** Districts the consultation targets; an empty list targets the whole city. */
  @Property({ type: 'json', defaultRaw: `'[]'` })
  districts: string[] & Opt = [];

  /** Population of each district, for turnout and the finite population correction. */
  @Property({ type: 'json', defaultRaw: `'{}'` })
  districtPopulations: Record<string, number> & Opt = {};

  /** Language of the open-text answers, which picks the stop words and stemmer for keywords. */
  @Property({ type: 'string', length: 8, default: 'pl' })
  language: KeywordLanguage & Opt = 'pl';

  /** Whether a participant may change their questionnaire submission until the close. */
  @Property({ type: 'boolean' })
  allowSubmissionEdits: boolean & Opt = true;

  @Property({ type: 'datetime', nullable: true })
  closesAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  resultsPublishAt?: Date | null;
}
