import fs from 'node:fs';
import path from 'node:path';
import { SEEDED_PERSONAL_VALUES, type PersonalValue } from './personal-values';

/** One match of personal data: the file and line it is in, what it is, and the matched text. */
export type PrivacyFinding = {
  file: string;
  line: number;
  kind: string;
  value: string;
  excerpt: string;
};

/** A value that matches a pattern but is known not to be personal, with the reason. */
export type AllowedValue = { value: string; reason: string };

/** Shapes of personal data that no scanned line may contain, whatever the fixture values are. */
export const PERSONAL_PATTERNS: { kind: string; pattern: RegExp }[] = [
  // User names in URLs (postgres://user@host) are not e-mail addresses.
  { kind: 'e-mail address', pattern: /(?<!\/\/[\w.+-]*)[\w.+-]+@(?:[\w-]+\.)+[a-z]{2,}\b/gi },
  { kind: 'international phone number', pattern: /\+\d{2}[\d ]{7,}\d/g },
];

/**
 * Pattern matches that are not personal data. Each entry is an exact value, so any other
 * address or number still fails the scan.
 */
export const ALLOWED_VALUES: AllowedValue[] = [];

/** Counts of what a folder scan read, and the matches it found. */
export type PrivacyScanResult = { logLines: number; responses: number; findings: PrivacyFinding[] };

/** Suffix of the files that contain recorded public responses, one JSON object per line. */
export const RESPONSE_FILE_SUFFIX = '.responses.jsonl';

const expressions = new WeakMap<PersonalValue[], RegExp>();

/** Returns one case-insensitive expression that matches any of `values` as a whole word. */
function valueExpression(values: PersonalValue[]): RegExp {
  const cached = expressions.get(values);
  if (cached) {
    return cached;
  }
  const escaped = [...new Set(values.map((entry) => entry.value))]
    // Longer values first, so a full name is reported rather than the surname inside it.
    .sort((a, b) => b.length - a.length)
    .map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

  const expression = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`,
    'giu',
  );
  expressions.set(values, expression);

  return expression;
}

/**
 * Searches `text` for the seeded personal values and the generic patterns. Returns each match
 * once per kind and value, leaving out the values in `allowed`.
 */
export function findPersonalData(
  text: string,
  values: PersonalValue[] = SEEDED_PERSONAL_VALUES,
  allowed: AllowedValue[] = ALLOWED_VALUES,
): { kind: string; value: string }[] {
  const kindByValue = new Map(values.map((entry) => [entry.value.toLowerCase(), entry.kind]));
  const allowedValues = new Set(allowed.map((entry) => entry.value.toLowerCase()));
  const found = new Map<string, { kind: string; value: string }>();
  const add = (kind: string, value: string) => {
    if (!allowedValues.has(value.toLowerCase())) {
      found.set(`${kind}\u0000${value}`, { kind, value });
    }
  };

  if (values.length > 0) {
    for (const match of text.matchAll(valueExpression(values))) {
      add(`seeded ${kindByValue.get(match[0].toLowerCase()) ?? 'value'}`, match[0]);
    }
  }
  for (const { kind, pattern } of PERSONAL_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      add(kind, match[0]);
    }
  }

  return [...found.values()];
}

/**
 * Scans every file in `folder`: API log files line by line, and response files (named
 * `*.responses.jsonl`, one `{ source, body }` object per line) by the body of each response.
 */
export function scanFolder(
  folder: string,
  values: PersonalValue[] = SEEDED_PERSONAL_VALUES,
  allowed: AllowedValue[] = ALLOWED_VALUES,
): PrivacyScanResult {
  const result: PrivacyScanResult = { logLines: 0, responses: 0, findings: [] };
  for (const file of fs.readdirSync(folder).sort()) {
    const isResponses = file.endsWith(RESPONSE_FILE_SUFFIX);
    const lines = fs.readFileSync(path.join(folder, file), 'utf8').split('\n');
    lines.forEach((text, index) => {
      if (text === '') {
        return;
      }
      // A response line also names the request, whose URL may carry the caller's own search
      // terms, so only the body is searched.
      let scanned = text;
      let excerpt = text;
      if (isResponses) {
        result.responses += 1;
        const response = JSON.parse(text) as { source: string; body: string };
        scanned = response.body;
        excerpt = `${response.source}: ${response.body}`;
      } else {
        result.logLines += 1;
      }
      for (const { kind, value } of findPersonalData(scanned, values, allowed)) {
        result.findings.push({
          file,
          line: index + 1,
          kind,
          value,
          excerpt: excerpt.slice(0, 300),
        });
      }
    });
  }

  return result;
}

/** Formats findings as one line each: kind, value, file and line, then the start of the line. */
export function describeFindings(findings: PrivacyFinding[]): string {
  return findings
    .map(
      (finding) =>
        `${finding.kind} ${JSON.stringify(finding.value)} in ${finding.file}:${finding.line}: ${finding.excerpt}`,
    )
    .join('\n');
}
