/**
 * Open311 GeoReport v2 vocabulary shared by the API and the dashboard: service attributes
 * (the questions of a service definition), the validation of answers to them, and the
 * projection of case statuses onto Open311 statuses.
 */
import type { CaseStatus } from './cases';

/** Datatypes of an Open311 service attribute, as GeoReport v2 names them. */
export const ATTRIBUTE_DATATYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;

/** Datatype of an Open311 service attribute. */
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];

/** How a service answers a POST: with an id, with a token to exchange later, or with neither. */
export const SERVICE_TYPES = ['realtime', 'batch', 'blackbox'] as const;

/** Open311 service type. */
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** One option of a list attribute: `key` is submitted, `name` is shown. */
export type AttributeValue = { key: string; name: string };

/** One question of a service definition (an Open311 attribute). */
export type ServiceAttribute = {
  code: string;
  /** False for informational text that takes no answer. */
  variable: boolean;
  datatype: AttributeDatatype;
  required: boolean;
  datatypeDescription: string | null;
  /** Position in the form, from 1; unique within the service. */
  order: number;
  description: string;
  /** Options of `singlevaluelist` and `multivaluelist` attributes; empty for other datatypes. */
  values: AttributeValue[];
};

/** Maximum length of a `string` answer, in characters. */
export const MAX_STRING_ANSWER_LENGTH = 500;
/** Maximum length of a `text` answer, in characters. */
export const MAX_TEXT_ANSWER_LENGTH = 4_000;
/** Maximum number of attributes in one service definition. */
export const MAX_ATTRIBUTES = 50;
/** Maximum number of options of one list attribute. */
export const MAX_ATTRIBUTE_VALUES = 200;

/** A validated answer: numbers are numbers, datetimes are ISO 8601 in UTC, lists are keys. */
export type AttributeAnswer = string | number | string[];

/** A problem with one answer or with the definition; `attribute` is the attribute code. */
export type AttributeProblem = { attribute: string; message: string };

/** Result of `validateAttributeAnswers`: the cleaned answers, or the problems found. */
export type AttributeValidation = {
  answers: Record<string, AttributeAnswer>;
  problems: AttributeProblem[];
};

/** W3C profile of ISO 8601 with a mandatory time zone (`Z` or `±HH:MM`). */
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses a W3C datetime with an explicit time zone; returns null for anything else. */
export function parseW3cDatetime(value: string): Date | null {
  if (!W3C_DATETIME.test(value)) {
    return null;
  }
  const [year, month, day, hour, minute, second] = value.split(/[-T:.Z+]/).map(Number) as number[];
  // Date rolls 2026-02-30 over to 2 March, so the calendar fields are checked on their own.
  const calendarDay = new Date(Date.UTC(year as number, (month as number) - 1, day as number));
  const validFields =
    calendarDay.getUTCMonth() === (month as number) - 1 &&
    calendarDay.getUTCDate() === day &&
    (hour as number) < 24 &&
    (minute as number) < 60 &&
    !((second ?? 0) >= 60);
  const date = new Date(value);

  return validFields && !Number.isNaN(date.getTime()) ? date : null;
}

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function validateOne(
  attribute: ServiceAttribute,
  raw: string | string[],
): { answer?: AttributeAnswer; problem?: string } {
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.some((value) => CONTROL_CHARACTERS.test(value))) {
    return { problem: 'contains control characters: send plain text' };
  }
  if (attribute.datatype === 'multivaluelist') {
    const keys = [...new Set(values)];
    const unknown = keys.find((key) => !attribute.values.some((option) => option.key === key));
    if (unknown !== undefined) {
      return {
        problem: `has no option ${JSON.stringify(unknown)}: pick keys from the service definition`,
      };
    }

    return { answer: keys };
  }
  if (values.length > 1) {
    return { problem: `takes one value, got ${values.length}` };
  }
  const value = values[0] ?? '';
  switch (attribute.datatype) {
    case 'string':
      if (value.includes('\n') || value.includes('\r')) {
        return { problem: 'takes a single line: remove the line breaks or use a text attribute' };
      }

      return value.length > MAX_STRING_ANSWER_LENGTH
        ? {
            problem: `has ${value.length} characters: shorten it to at most ${MAX_STRING_ANSWER_LENGTH}`,
          }
        : { answer: value };
    case 'text':
      return value.length > MAX_TEXT_ANSWER_LENGTH
        ? {
            problem: `has ${value.length} characters: shorten it to at most ${MAX_TEXT_ANSWER_LENGTH}`,
          }
        : { answer: value };
    case 'number': {
      const number = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value.trim())
        ? Number(value)
        : Number.NaN;

      return Number.isFinite(number)
        ? { answer: number }
        : { problem: `${JSON.stringify(value)} is not a number: send decimal digits such as 12.5` };
    }
    case 'datetime': {
      const date = parseW3cDatetime(value);

      return date
        ? { answer: date.toISOString() }
        : {
            problem: `${JSON.stringify(value)} is not a datetime: send ISO 8601 with a time zone, such as 2026-04-14T06:37:38+02:00`,
          };
    }
    case 'singlevaluelist':
      return attribute.values.some((option) => option.key === value)
        ? { answer: value }
        : {
            problem: `has no option ${JSON.stringify(value)}: pick a key from the service definition`,
          };
  }
}

/**
 * Validates the answers to a service definition's attributes. An empty answer counts as
 * absent, answers to informational (non-variable) attributes and to unknown codes are
 * rejected, and every required variable attribute must be answered.
 */
export function validateAttributeAnswers(
  attributes: readonly ServiceAttribute[],
  submitted: Readonly<Record<string, string | string[]>>,
): AttributeValidation {
  const answers: Record<string, AttributeAnswer> = {};
  const problems: AttributeProblem[] = [];
  const byCode = new Map(attributes.map((attribute) => [attribute.code, attribute]));

  for (const code of Object.keys(submitted)) {
    const attribute = byCode.get(code);
    if (!attribute) {
      problems.push({
        attribute: code,
        message: `Attribute ${JSON.stringify(code)} is not part of this service: remove it.`,
      });
    } else if (!attribute.variable) {
      problems.push({
        attribute: code,
        message: `Attribute ${JSON.stringify(code)} is informational and takes no answer: remove it.`,
      });
    }
  }
  for (const attribute of [...attributes].sort((a, b) => a.order - b.order)) {
    if (!attribute.variable) {
      continue;
    }
    const raw = submitted[attribute.code];
    const values =
      raw === undefined ? [] : (Array.isArray(raw) ? raw : [raw]).filter((value) => value !== '');
    if (values.length === 0) {
      if (attribute.required) {
        problems.push({
          attribute: attribute.code,
          message: `Attribute ${JSON.stringify(attribute.code)} is required: answer "${attribute.description}".`,
        });
      }
      continue;
    }
    const result = validateOne(attribute, Array.isArray(raw) ? values : (values[0] as string));
    if (result.problem) {
      problems.push({
        attribute: attribute.code,
        message: `Attribute ${JSON.stringify(attribute.code)} ${result.problem}.`,
      });
    } else if (result.answer !== undefined) {
      answers[attribute.code] = result.answer;
    }
  }

  return { answers, problems };
}

/**
 * Checks a service definition before it is saved: codes and orders unique, orders positive,
 * list attributes with unique options and other datatypes without options.
 */
export function validateServiceAttributes(
  attributes: readonly ServiceAttribute[],
): AttributeProblem[] {
  const problems: AttributeProblem[] = [];
  if (attributes.length > MAX_ATTRIBUTES) {
    problems.push({
      attribute: '',
      message: `The service has ${attributes.length} attributes: keep at most ${MAX_ATTRIBUTES}.`,
    });
  }
  const codes = new Set<string>();
  const orders = new Set<number>();
  for (const attribute of attributes) {
    const name = JSON.stringify(attribute.code);
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(attribute.code)) {
      problems.push({
        attribute: attribute.code,
        message: `Attribute code ${name} is invalid: use 1 to 100 letters, digits, '_', '.' or '-'.`,
      });
    }
    if (codes.has(attribute.code)) {
      problems.push({
        attribute: attribute.code,
        message: `Attribute code ${name} is used twice: give each attribute its own code.`,
      });
    }
    codes.add(attribute.code);
    if (!Number.isInteger(attribute.order) || attribute.order < 1) {
      problems.push({
        attribute: attribute.code,
        message: `Attribute ${name} has order ${attribute.order}: use a whole number from 1.`,
      });
    } else if (orders.has(attribute.order)) {
      problems.push({
        attribute: attribute.code,
        message: `Attribute ${name} repeats order ${attribute.order}: give each attribute its own order.`,
      });
    }
    orders.add(attribute.order);
    const isList =
      attribute.datatype === 'singlevaluelist' || attribute.datatype === 'multivaluelist';
    if (isList && attribute.values.length === 0) {
      problems.push({
        attribute: attribute.code,
        message: `List attribute ${name} has no values: add at least one option.`,
      });
    }
    if (!isList && attribute.values.length > 0) {
      problems.push({
        attribute: attribute.code,
        message: `Attribute ${name} of datatype ${attribute.datatype} takes no values: remove them or use a list datatype.`,
      });
    }
    if (attribute.values.length > MAX_ATTRIBUTE_VALUES) {
      problems.push({
        attribute: attribute.code,
        message: `Attribute ${name} has ${attribute.values.length} values: keep at most ${MAX_ATTRIBUTE_VALUES}.`,
      });
    }
    const keys = new Set(attribute.values.map((value) => value.key));
    if (keys.size !== attribute.values.length) {
      problems.push({
        attribute: attribute.code,
        message: `Attribute ${name} repeats a value key: give each option its own key.`,
      });
    }
    if (!attribute.variable && attribute.required) {
      problems.push({
        attribute: attribute.code,
        message: `Informational attribute ${name} cannot be required: set required to false.`,
      });
    }
  }

  return problems;
}

/** Open311 status of a case: `closed` once RESOLVED or CLOSED, `open` before. */
export function open311Status(status: CaseStatus): 'open' | 'closed' {
  return status === 'RESOLVED' || status === 'CLOSED' ? 'closed' : 'open';
}

/** Extended statuses of the FixMyStreet service-request updates feed, upper case. */
export type ExtendedStatus =
  'OPEN' | 'INVESTIGATING' | 'IN_PROGRESS' | 'ACTION_SCHEDULED' | 'FIXED' | 'CLOSED';

/** Projects a case status onto the FixMyStreet extended statuses. */
export function extendedStatus(status: CaseStatus): ExtendedStatus {
  switch (status) {
    case 'NEW':
      return 'OPEN';
    case 'ACKNOWLEDGED':
    case 'WAITING_FOR_RESIDENT':
      return 'INVESTIGATING';
    case 'IN_PROGRESS':
      return 'IN_PROGRESS';
    case 'ACTION_SCHEDULED':
      return 'ACTION_SCHEDULED';
    case 'RESOLVED':
      return 'FIXED';
    case 'CLOSED':
      return 'CLOSED';
  }
}
