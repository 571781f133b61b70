import { MalformedFileError } from '../imports/importer';

/** Reads a money amount such as `250000` or `250000.0` into minor units; null when invalid. */
export function parseMoney(text: string): number | null {
  const match = /^\s*(\d+)(?:\.(\d*?)0*)?\s*$/.exec(text);
  if (!match || (match[2]?.length ?? 0) > 2) {
    return null;
  }
  const minor = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));

  return Number.isSafeInteger(minor) ? minor : null;
}

/** Reads a whole number such as `12` or `12.0`; null when invalid. */
export function parseWholeNumber(text: string): number | null {
  const match = /^\s*(-?\d+)(?:\.0*)?\s*$/.exec(text);
  const value = match ? Number(match[1]) : NaN;

  return Number.isSafeInteger(value) ? value : null;
}

/** Reads an optional number of a row, naming the line and field when it is not one. */
export function optionalNumber(
  file: string,
  line: number,
  field: string,
  text: string | undefined,
  read: (text: string) => number | null,
) {
  if (text === undefined || text === '') {
    return null;
  }
  const value = read(text);
  if (value === null) {
    throw new MalformedFileError(file, line, field, `"${text}" is not a number`);
  }

  return value;
}

/** Reads a decimal number such as a latitude; null when invalid. */
export const readFloat = (text: string) => (Number.isFinite(Number(text)) ? Number(text) : null);
