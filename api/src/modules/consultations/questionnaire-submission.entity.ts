import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import type { AnswerSheet } from '@ratusz/shared';
import { randomUUID } from 'node:crypto';
import { Consultation } from './consultation.entity';

/**
 * One participant's answers to a consultation's questionnaire. The unique index allows one
 * submission per participant and consultation, also under concurrent requests.
 */
@Entity({ tableName: 'questionnaire_submission' })
@Unique({ properties: ['consultation', 'participantHash'] })
export class QuestionnaireSubmission {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => Consultation, { deleteRule: 'cascade' })
  consultation!: Consultation;

  /** Keyed hash of the participant id; the raw id is never stored. */
  @Property({ type: 'string', length: 64 })
  participantHash!: string;

  /** District of the participant from the register at submission time, for turnout. */
  @Property({ type: 'string', length: 100, nullable: true })
  district?: string | null;

  /** Valid answers by question code. Contains resident free text: never logged or published. */
  @Property({ type: 'json' })
  answers!: AnswerSheet;

  @Property({ type: 'datetime' })
  submittedAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
