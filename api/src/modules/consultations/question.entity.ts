import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import type { DisplayCondition, QuestionDefinition, QuestionType } from '@ratusz/shared';
import { randomUUID } from 'node:crypto';
import { Consultation } from './consultation.entity';

/** One question of a consultation's questionnaire. */
@Entity({ tableName: 'consultation_question' })
@Unique({ properties: ['consultation', 'code'] })
@Unique({ properties: ['consultation', 'position'] })
export class Question {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => Consultation, { deleteRule: 'cascade' })
  consultation!: Consultation;

  /** Display order within the questionnaire, from 0. */
  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'string', length: 64 })
  code!: string;

  @Property({ type: 'string', length: 24 })
  type!: QuestionType;

  @Property({ type: 'text' })
  prompt!: string;

  @Property({ type: 'boolean' })
  required: boolean & Opt = false;

  /** Binding questions are counted as decisions, so their shares carry no margin of error. */
  @Property({ type: 'boolean' })
  binding: boolean & Opt = false;

  @Property({ type: 'json' })
  options: string[] & Opt = [];

  @Property({ type: 'json' })
  rows: string[] & Opt = [];

  @Property({ type: 'integer', nullable: true })
  minSelections?: number | null;

  @Property({ type: 'integer', nullable: true })
  maxSelections?: number | null;

  @Property({ type: 'integer', nullable: true })
  scaleMin?: number | null;

  @Property({ type: 'integer', nullable: true })
  scaleMax?: number | null;

  @Property({ type: 'string', length: 200, nullable: true })
  minLabel?: string | null;

  @Property({ type: 'string', length: 200, nullable: true })
  maxLabel?: string | null;

  @Property({ type: 'integer', nullable: true })
  maxLength?: number | null;

  @Property({ type: 'json', nullable: true })
  showWhen?: DisplayCondition | null;
}

/** Question fields as an entity or a GraphQL input holds them, optional ones possibly absent. */
export type QuestionFields = Pick<
  QuestionDefinition,
  'code' | 'type' | 'prompt' | 'required' | 'options' | 'rows'
> &
  Partial<Omit<QuestionDefinition, 'code' | 'type' | 'prompt' | 'required' | 'options' | 'rows'>>;

/** Reads stored or requested question fields as the definition the validation and tally take. */
export function toQuestionDefinition(question: QuestionFields): QuestionDefinition {
  return {
    code: question.code,
    type: question.type,
    prompt: question.prompt,
    required: question.required,
    options: question.options,
    rows: question.rows,
    minSelections: question.minSelections ?? null,
    maxSelections: question.maxSelections ?? null,
    scaleMin: question.scaleMin ?? null,
    scaleMax: question.scaleMax ?? null,
    minLabel: question.minLabel ?? null,
    maxLabel: question.maxLabel ?? null,
    maxLength: question.maxLength ?? null,
    showWhen: question.showWhen ? { ...question.showWhen } : null,
  };
}
