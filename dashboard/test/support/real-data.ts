import fs from 'node:fs';

/** Splits CSV text into rows of fields (RFC 4180 quoting, quoted line breaks kept). */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === delimiter) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') {
        index += 1;
      }
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }

  return rows;
}

/** Turns parsed CSV rows into records keyed by the header row. */
export function toRecords(rows: string[][]): Record<string, string>[] {
  const [header = [], ...body] = rows;

  return body.map((cells) =>
    Object.fromEntries(header.map((name, index) => [name, cells[index] ?? ''])),
  );
}

/** What a pabulib `.pb` file states about its election. */
export type PabulibFacts = {
  meta: Record<string, string>;
  projects: Record<string, string>[];
  ballotCount: number;
};

/** Reads the META, PROJECTS and VOTES sections of a pabulib file. */
export function readPabulib(file: string): PabulibFacts {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const sections: Record<string, string[]> = {};
  let current = '';
  for (const line of lines) {
    if (line === 'META' || line === 'PROJECTS' || line === 'VOTES') {
      current = line;
      sections[current] = [];
    } else if (current && line !== '') {
      sections[current]!.push(line);
    }
  }
  const table = (name: string) => toRecords(parseCsv((sections[name] ?? []).join('\n'), ';'));

  return {
    meta: Object.fromEntries(table('META').map((row) => [row.key ?? '', row.value ?? ''])),
    projects: table('PROJECTS'),
    ballotCount: table('VOTES').length,
  };
}

/** Latest-vote counts of one Polis statement. */
export type StatementCounts = { agree: number; disagree: number; pass: number };

/**
 * Counts each participant's latest vote per statement from a Polis `votes.csv` (1 agree,
 * -1 disagree, 0 pass), with the number of vote events and of distinct voters.
 */
export function readPolisVotes(file: string): {
  statements: Map<string, StatementCounts>;
  voteEvents: number;
  voters: number;
} {
  const votes = toRecords(parseCsv(fs.readFileSync(file, 'utf8')));
  const latest = new Map<string, { timestamp: number; comment: string; vote: string }>();
  for (const vote of votes) {
    const key = `${vote['voter-id']}:${vote['comment-id']}`;
    const timestamp = Number(vote.timestamp);
    const previous = latest.get(key);
    if (!previous || timestamp >= previous.timestamp) {
      latest.set(key, { timestamp, comment: vote['comment-id'] ?? '', vote: vote.vote ?? '' });
    }
  }
  const statements = new Map<string, StatementCounts>();
  for (const { comment, vote } of latest.values()) {
    const counts = statements.get(comment) ?? { agree: 0, disagree: 0, pass: 0 };
    if (vote === '1') {
      counts.agree += 1;
    } else if (vote === '-1') {
      counts.disagree += 1;
    } else {
      counts.pass += 1;
    }
    statements.set(comment, counts);
  }

  return {
    statements,
    voteEvents: votes.length,
    voters: new Set(votes.map((vote) => vote['voter-id'])).size,
  };
}

/** Returns the ids of the statements a Polis `comments.csv` marks as accepted (moderated 1). */
export function readAcceptedStatements(file: string): string[] {
  return toRecords(parseCsv(fs.readFileSync(file, 'utf8')))
    .filter((comment) => comment.moderated === '1')
    .map((comment) => comment['comment-id'] ?? '');
}
