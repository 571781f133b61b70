import {
  LONG_TEXT_MAX_LENGTH,
  SHORT_TEXT_MAX_LENGTH,
  type DistrictTurnoutSnapshot,
  type QuestionResultSnapshot,
  type QuestionType,
} from '@ratusz/shared';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../../platform/graphql/user-error';
import { toQuestionDefinition, type Question } from './question.entity';

/** GraphQL enum object for `QuestionType`. */
export const QuestionTypeEnum: Record<QuestionType, QuestionType> = {
  SINGLE_CHOICE: 'SINGLE_CHOICE',
  MULTIPLE_CHOICE: 'MULTIPLE_CHOICE',
  RANKING: 'RANKING',
  SCALE: 'SCALE',
  SHORT_TEXT: 'SHORT_TEXT',
  LONG_TEXT: 'LONG_TEXT',
  MATRIX: 'MATRIX',
};
registerEnumType(QuestionTypeEnum, {
  name: 'QuestionType',
  description: 'Kind of questionnaire question, which decides the answer field it reads.',
  valuesConfig: {
    SINGLE_CHOICE: { description: 'One option; answered in `choice`.' },
    MULTIPLE_CHOICE: {
      description: 'Between minSelections and maxSelections options; answered in `choices`.',
    },
    RANKING: {
      description: 'Every option in order of preference, best first; answered in `ranking`.',
    },
    SCALE: { description: 'A whole number from scaleMin to scaleMax; answered in `scale`.' },
    SHORT_TEXT: {
      description: `Free text up to ${SHORT_TEXT_MAX_LENGTH} characters; answered in \`text\`.`,
    },
    LONG_TEXT: {
      description: `Free text up to ${LONG_TEXT_MAX_LENGTH} characters; answered in \`text\`.`,
    },
    MATRIX: { description: 'One column (option) for every row; answered in `matrix`.' },
  },
});

@ObjectType({ description: 'Shows a question only when an earlier answer matches.' })
export class DisplayCondition {
  @Field(() => String, { description: 'Code of the earlier choice or scale question.' })
  questionCode!: string;

  @Field(() => [String], {
    description: 'Options or scale values (as text) that show the question.',
  })
  anyOf!: string[];
}

@ObjectType('Question', { description: 'One question of a consultation questionnaire.' })
export class QuestionNode {
  @Field(() => ID, { description: 'Id of the question.' })
  id!: string;

  @Field(() => String, { description: 'Code unique within the consultation, used in answers.' })
  code!: string;

  @Field(() => QuestionTypeEnum, { description: 'Kind of question.' })
  type!: QuestionType;

  @Field(() => String, { description: 'Text of the question.' })
  prompt!: string;

  @Field(() => Boolean, { description: 'Whether a visible question must be answered.' })
  required!: boolean;

  @Field(() => Boolean, {
    description: 'Whether the answers decide something; binding results carry no margin of error.',
  })
  binding!: boolean;

  @Field(() => [String], {
    description: 'Options of choice and ranking questions; columns of a MATRIX.',
  })
  options!: string[];

  @Field(() => [String], { description: 'Rows of a MATRIX question; empty otherwise.' })
  rows!: string[];

  @Field(() => Int, {
    nullable: true,
    description: 'Fewest options a MULTIPLE_CHOICE answer selects; null means 1.',
  })
  minSelections!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Most options a MULTIPLE_CHOICE answer selects; null means every option.',
  })
  maxSelections!: number | null;

  @Field(() => Int, { nullable: true, description: 'Lowest value of a SCALE question.' })
  scaleMin!: number | null;

  @Field(() => Int, { nullable: true, description: 'Highest value of a SCALE question.' })
  scaleMax!: number | null;

  @Field(() => String, { nullable: true, description: 'Label of the lowest scale value.' })
  minLabel!: string | null;

  @Field(() => String, { nullable: true, description: 'Label of the highest scale value.' })
  maxLabel!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Length cap of a text answer in characters; null means the type maximum.',
  })
  maxLength!: number | null;

  @Field(() => DisplayCondition, {
    nullable: true,
    description: 'When the question is shown; null means always.',
  })
  showWhen!: DisplayCondition | null;
}

@InputType({ description: 'Shows a question only when an earlier answer matches.' })
export class DisplayConditionInput {
  @Field(() => String, { description: 'Code of an earlier choice or scale question.' })
  questionCode!: string;

  @Field(() => [String], {
    description: 'Options or scale values (as text) that show the question.',
  })
  anyOf!: string[];
}

@InputType({ description: 'One question of a questionnaire.' })
export class QuestionInput {
  @Field(() => String, { description: 'Code unique within the questionnaire, 1 to 64 characters.' })
  code!: string;

  @Field(() => QuestionTypeEnum, { description: 'Kind of question.' })
  type!: QuestionType;

  @Field(() => String, { description: 'Text of the question.' })
  prompt!: string;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Whether a visible question must be answered.',
  })
  required!: boolean;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Whether the answers decide something; binding results carry no margin of error.',
  })
  binding!: boolean;

  @Field(() => [String], { defaultValue: [], description: 'Options, or the columns of a MATRIX.' })
  options!: string[];

  @Field(() => [String], { defaultValue: [], description: 'Rows of a MATRIX question.' })
  rows!: string[];

  @Field(() => Int, {
    nullable: true,
    description: 'Fewest selections of a MULTIPLE_CHOICE answer; default 1.',
  })
  minSelections?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Most selections of a MULTIPLE_CHOICE answer; default every option.',
  })
  maxSelections?: number | null;

  @Field(() => Int, { nullable: true, description: 'Lowest value of a SCALE question.' })
  scaleMin?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Highest value of a SCALE question, at most 100 above scaleMin.',
  })
  scaleMax?: number | null;

  @Field(() => String, { nullable: true, description: 'Label of the lowest scale value.' })
  minLabel?: string | null;

  @Field(() => String, { nullable: true, description: 'Label of the highest scale value.' })
  maxLabel?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `Length cap of a text answer: at most ${SHORT_TEXT_MAX_LENGTH} for SHORT_TEXT, ${LONG_TEXT_MAX_LENGTH} for LONG_TEXT.`,
  })
  maxLength?: number | null;

  @Field(() => DisplayConditionInput, {
    nullable: true,
    description: 'When to show the question; absent means always.',
  })
  showWhen?: DisplayConditionInput | null;
}

@InputType({ description: 'Replaces the questionnaire of a DRAFT consultation.' })
export class SetQuestionnaireInput {
  @Field(() => ID, { description: 'Id of the consultation.' })
  consultationId!: string;

  @Field(() => [QuestionInput], { description: 'Every question, in display order.' })
  questions!: QuestionInput[];
}

@ObjectType({ description: 'Result of setQuestionnaire.' })
export class SetQuestionnairePayload {
  @Field(() => [QuestionNode], {
    nullable: true,
    description: 'The stored questions in display order, or null when nothing was written.',
  })
  questions!: QuestionNode[] | null;

  @Field(() => [UserError], {
    description: 'Why nothing was written: NOT_FOUND, WRONG_PHASE or INVALID_QUESTION.',
  })
  errors!: UserError[];
}

@InputType({ description: 'The answer of one MATRIX row.' })
export class MatrixCellInput {
  @Field(() => String, { description: 'The row.' })
  row!: string;

  @Field(() => String, { description: 'The column chosen in the row.' })
  column!: string;
}

@InputType({ description: "One answer; set only the field the question's type reads." })
export class AnswerInput {
  @Field(() => String, { description: 'Code of the question.' })
  questionCode!: string;

  @Field(() => String, { nullable: true, description: 'SINGLE_CHOICE: the chosen option.' })
  choice?: string | null;

  @Field(() => [String], { nullable: true, description: 'MULTIPLE_CHOICE: the chosen options.' })
  choices?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'RANKING: every option, best first.' })
  ranking?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'SCALE: the chosen value.' })
  scale?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'SHORT_TEXT and LONG_TEXT: the text; never published.',
  })
  text?: string | null;

  @Field(() => [MatrixCellInput], {
    nullable: true,
    description: 'MATRIX: one column for each row.',
  })
  matrix?: MatrixCellInput[] | null;
}

@InputType({ description: "A participant's answers to a consultation questionnaire." })
export class SubmitQuestionnaireInput {
  @Field(() => ID, { description: 'Id of the consultation.' })
  consultationId!: string;

  @Field(() => String, {
    description: 'Participant id, 1 to 200 characters; stored only as a keyed hash.',
  })
  participantId!: string;

  @Field(() => [AnswerInput], { description: 'Answers to the visible questions.' })
  answers!: AnswerInput[];
}

@ObjectType({ description: 'Result of submitQuestionnaire.' })
export class SubmitQuestionnairePayload {
  @Field(() => Boolean, { description: 'Whether the answers were stored.' })
  submitted!: boolean;

  @Field(() => Boolean, {
    description: "Whether the answers replaced the participant's earlier submission.",
  })
  replaced!: boolean;

  @Field(() => [UserError], {
    description:
      'Why nothing was stored: NOT_FOUND, WRONG_PHASE, NOT_IN_AUDIENCE, VERIFICATION_REQUIRED, RESIDENT_ID_NOT_LINKED, RESIDENT_ID_MISMATCH, ALREADY_SUBMITTED, INVALID_PERSON_ID, or the rule an answer breaks (field names the answer).',
  })
  errors!: UserError[];
}

@ObjectType({ description: 'Count of one option, scale value or matrix column.' })
export class OptionResult {
  @Field(() => String, { description: 'The option, scale value or column.' })
  value!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Respondents who chose it; null when a small count is hidden.',
  })
  count!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Count divided by the respondents, from 0 to 1.',
  })
  share!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Margin of error of the share at 95% confidence, in the same units, with the finite population correction when the population is known; null for binding questions.',
  })
  marginOfError!: number | null;
}

@ObjectType({ description: 'Borda points of one ranked option.' })
export class RankingScore {
  @Field(() => String, { description: 'The option.' })
  value!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Options ranked below it, summed over respondents.',
  })
  points!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean position, 1 being first.' })
  meanPosition!: number | null;
}

@ObjectType({ description: 'Column counts of one MATRIX row.' })
export class MatrixRowResult {
  @Field(() => String, { description: 'The row.' })
  row!: string;

  @Field(() => [OptionResult], { description: 'Counts of each column in the row.' })
  options!: OptionResult[];
}

@ObjectType({ description: 'A word shared by the answers to one SHORT_TEXT or LONG_TEXT question.' })
export class TextKeyword {
  @Field(() => String, { description: 'The word form used most often for the keyword.' })
  term!: string;

  @Field(() => Int, {
    description:
      'Respondents whose answer contains the word, after stemming; never below serverInfo.minAggregateCount or 2, whichever is larger.',
  })
  participants!: number;
}

@ObjectType({
  description: 'A group of answers to one SHORT_TEXT or LONG_TEXT question that share keywords.',
})
export class TextTopic {
  @Field(() => [String], { description: 'Keywords that name the topic, most typical first.' })
  keywords!: string[];

  @Field(() => Int, {
    nullable: true,
    description: 'Respondents whose answer falls in the topic; null when a small count is hidden.',
  })
  participants!: number | null;
}

@ObjectType({
  description:
    'Results of one question. Counts are hidden under the minimum aggregate count, and text answers are never shown: text questions report keywords and topics instead.',
})
export class QuestionResult {
  @Field(() => String, { description: 'Code of the question.' })
  questionCode!: string;

  @Field(() => QuestionTypeEnum, { description: 'Kind of question.' })
  type!: QuestionType;

  @Field(() => Int, { nullable: true, description: 'Respondents who answered; null when too few.' })
  respondents!: number | null;

  @Field(() => Boolean, {
    description: 'Whether every count is hidden because respondents are too few.',
  })
  suppressed!: boolean;

  @Field(() => [OptionResult], {
    description:
      'Choices; first places for RANKING; each value for SCALE; empty for text and MATRIX.',
  })
  options!: OptionResult[];

  @Field(() => [MatrixRowResult], { description: 'MATRIX rows; empty for other types.' })
  rows!: MatrixRowResult[];

  @Field(() => Float, { nullable: true, description: 'SCALE: mean answer.' })
  mean!: number | null;

  @Field(() => [RankingScore], { description: 'RANKING: Borda points of each option.' })
  rankingScores!: RankingScore[];

  @Field(() => [TextKeyword], {
    description:
      'SHORT_TEXT and LONG_TEXT: up to 10 keywords of the answers, highest TF-IDF first, in the consultation language. Words used by fewer respondents than serverInfo.minAggregateCount (and at least 2) are left out. Empty for other types and while suppressed.',
  })
  keywords!: TextKeyword[];

  @Field(() => [TextTopic], {
    description:
      'SHORT_TEXT and LONG_TEXT: up to 3 topics, k-means clusters of the answers over those keywords, largest first. Empty for other types and while suppressed.',
  })
  topics!: TextTopic[];
}

@ObjectType({ description: 'Questionnaire respondents of one district against its population.' })
export class DistrictTurnout {
  @Field(() => String, {
    nullable: true,
    description: 'District, or null for respondents outside the target districts or the register.',
  })
  district!: string | null;

  @Field(() => Int, { nullable: true, description: 'Residents of the district, when set.' })
  population!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Respondents from the district; null when a small count is hidden.',
  })
  participants!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Participants divided by population, from 0 to 1.',
  })
  turnout!: number | null;
}

/** Maps a question entity to its GraphQL object. */
export function toQuestionNode(question: Question): QuestionNode {
  return Object.assign(new QuestionNode(), {
    id: question.id,
    binding: question.binding,
    ...toQuestionDefinition(question),
  });
}

/** Maps a question result snapshot (plain JSON) to its GraphQL object. */
export function toQuestionResult(snapshot: QuestionResultSnapshot): QuestionResult {
  return Object.assign(new QuestionResult(), {
    ...snapshot,
    keywords: snapshot.keywords.map((keyword) => Object.assign(new TextKeyword(), keyword)),
    topics: snapshot.topics.map((topic) => Object.assign(new TextTopic(), topic)),
  });
}

/** Maps a turnout snapshot (plain JSON) to its GraphQL object. */
export function toDistrictTurnout(snapshot: DistrictTurnoutSnapshot): DistrictTurnout {
  return Object.assign(new DistrictTurnout(), snapshot);
}
