import { VOTE_TYPES, type VoteType } from '@ratusz/shared';
import { MalformedFileError, type ImportWarning } from '../imports/importer';
import { readPabulibRecords, type PabulibRecord } from './pabulib.csv';
import { optionalNumber, parseMoney, parseWholeNumber, readFloat } from './pabulib.numbers';

export { parseMoney, parseWholeNumber } from './pabulib.numbers';

/** A project row of a `.pb` file. Money in minor units (1/100 of the currency). */
export type PabulibProject = {
  line: number;
  code: string;
  name: string;
  cost: number;
  category: string | null;
  latitude: number | null;
  longitude: number | null;
  /** The file's `votes` column: ballots naming the project, as the city counted them. */
  votes: number | null;
  /** The file's `score` column: sum of points, for cumulative and ordinal files. */
  score: number | null;
  /** The file's `selected` column: whether the city funded the project. */
  selected: boolean | null;
};

/** A ballot row of a `.pb` file. */
export type PabulibVote = {
  line: number;
  voterId: string;
  projectCodes: string[];
  /** Points parallel to `projectCodes`, when the file has a `points` column. */
  points: number[] | null;
  /** The file's `voting_method` column, such as `internet` or `paper`. */
  votingMethod: string | null;
};

/** A parsed `.pb` file. */
export type PabulibFile = {
  meta: Record<string, string>;
  /** Line of each META key, for errors about its value. */
  metaLines: Record<string, number>;
  voteType: VoteType;
  /** Budget in minor units. */
  budget: number;
  projects: PabulibProject[];
  votes: PabulibVote[];
  /** Lines read leniently, each naming its line and field. */
  warnings: ImportWarning[];
};

const SECTIONS = ['META', 'PROJECTS', 'VOTES'] as const;
type SectionName = (typeof SECTIONS)[number];
type Section = { header: string[]; headerLine: number; rows: PabulibRecord[] };

function splitSections(file: string, records: PabulibRecord[]): Record<SectionName, Section> {
  const sections: Partial<Record<SectionName, Section>> = {};
  let current: Section | undefined;
  for (const record of records) {
    const marker = record.fields.length === 1 ? record.fields[0]!.trim() : '';
    if ((SECTIONS as readonly string[]).includes(marker)) {
      current = { header: [], headerLine: record.line + 1, rows: [] };
      sections[marker as SectionName] = current;
    } else if (!current) {
      throw new MalformedFileError(file, record.line, undefined, 'expected the META section first');
    } else if (current.header.length === 0) {
      current.header = record.fields.map((name) => name.trim());
      current.headerLine = record.line;
    } else {
      current.rows.push(record);
    }
  }
  const lastLine = records.at(-1)?.line ?? 0;
  for (const name of SECTIONS) {
    if (!sections[name]) {
      throw new MalformedFileError(file, lastLine, name, `section ${name} is missing`);
    }
  }

  return sections as Record<SectionName, Section>;
}

/** Checks field counts and returns each row as a column-name lookup. */
function rowsOf(file: string, section: Section, required: string[]) {
  for (const column of required) {
    if (!section.header.includes(column)) {
      throw new MalformedFileError(
        file,
        section.headerLine,
        column,
        `required column "${column}" is missing`,
      );
    }
  }

  return section.rows.map((record) => {
    if (record.fields.length !== section.header.length) {
      const field = section.header[Math.min(record.fields.length, section.header.length - 1)];
      throw new MalformedFileError(
        file,
        record.line,
        field,
        `has ${record.fields.length} fields but the header has ${section.header.length}`,
      );
    }
    const value = (column: string): string | undefined => {
      const index = section.header.indexOf(column);

      return index === -1 ? undefined : record.fields[index]!.trim();
    };

    return { record, value };
  });
}

function readMeta(file: string, section: Section) {
  const meta: Record<string, string> = {};
  const metaLines: Record<string, number> = {};
  for (const { record, value } of rowsOf(file, section, ['key', 'value'])) {
    meta[value('key')!] = value('value')!;
    metaLines[value('key')!] = record.line;
  }
  const line = (key: string) => metaLines[key] ?? section.headerLine;
  const voteType = meta.vote_type as VoteType;
  if (!VOTE_TYPES.includes(voteType)) {
    throw new MalformedFileError(
      file,
      line('vote_type'),
      'vote_type',
      `unknown vote type "${meta.vote_type ?? ''}": expected one of ${VOTE_TYPES.join(', ')}`,
    );
  }
  const budget = parseMoney(meta.budget ?? '');
  if (budget === null) {
    throw new MalformedFileError(
      file,
      line('budget'),
      'budget',
      `budget "${meta.budget ?? ''}" is not an amount`,
    );
  }

  return { meta, metaLines, voteType, budget };
}

function readProjects(file: string, section: Section): PabulibProject[] {
  const seen = new Set<string>();

  return rowsOf(file, section, ['project_id', 'cost']).map(({ record, value }) => {
    const code = value('project_id')!;
    if (seen.has(code)) {
      throw new MalformedFileError(
        file,
        record.line,
        'project_id',
        `project "${code}" is listed twice`,
      );
    }
    seen.add(code);
    const cost = parseMoney(value('cost')!);
    if (cost === null) {
      throw new MalformedFileError(
        file,
        record.line,
        'cost',
        `cost "${value('cost')}" is not an amount`,
      );
    }
    const selected = value('selected');
    if (selected !== undefined && !['', '0', '1'].includes(selected)) {
      throw new MalformedFileError(
        file,
        record.line,
        'selected',
        `selected "${selected}" is not 0 or 1`,
      );
    }
    const number = (field: string, read: (text: string) => number | null) =>
      optionalNumber(file, record.line, field, value(field), read);

    return {
      line: record.line,
      code,
      name: value('name') || code,
      cost,
      category: value('category') || null,
      latitude: number('latitude', readFloat),
      longitude: number('longitude', readFloat),
      votes: number('votes', parseWholeNumber),
      score: number('score', parseWholeNumber),
      selected: selected === undefined || selected === '' ? null : selected === '1',
    };
  });
}

function readVotes(file: string, section: Section, projectCodes: Set<string>): PabulibVote[] {
  const voters = new Set<string>();
  const hasPoints = section.header.includes('points');

  return rowsOf(file, section, ['voter_id', 'vote']).map(({ record, value }) => {
    const voterId = value('voter_id')!;
    if (voters.has(voterId)) {
      throw new MalformedFileError(
        file,
        record.line,
        'voter_id',
        `voter "${voterId}" has a second ballot`,
      );
    }
    voters.add(voterId);
    const codes = value('vote')!
      .split(',')
      .map((code) => code.trim())
      .filter(Boolean);
    for (const [index, code] of codes.entries()) {
      if (!projectCodes.has(code)) {
        throw new MalformedFileError(
          file,
          record.line,
          'vote',
          `names project "${code}", which is not in PROJECTS`,
        );
      }
      if (codes.indexOf(code) !== index) {
        throw new MalformedFileError(file, record.line, 'vote', `names project "${code}" twice`);
      }
    }
    const points = hasPoints
      ? value('points')!
          .split(',')
          .filter((text) => text.trim() !== '')
          .map(parseWholeNumber)
      : null;
    if (points && points.length !== codes.length) {
      throw new MalformedFileError(
        file,
        record.line,
        'points',
        `has ${points.length} points for ${codes.length} projects`,
      );
    }
    if (points?.includes(null)) {
      throw new MalformedFileError(
        file,
        record.line,
        'points',
        `"${value('points')}" is not a list of whole numbers`,
      );
    }

    return {
      line: record.line,
      voterId,
      projectCodes: codes,
      points: points as number[] | null,
      votingMethod: value('voting_method') || null,
    };
  });
}

/**
 * Parses a pabulib `.pb` file: the META, PROJECTS and VOTES sections, each a `;`-separated CSV
 * table. Throws `MalformedFileError` naming the file, line and field for a missing section, a
 * wrong field count, an amount that is not a number, a ballot naming an unknown project or a
 * `points` list of another length than `vote`. A stray quote is read leniently and reported in
 * `warnings`.
 */
/**
 * Compares META's declared `num_projects` and `num_votes` with the rows read. A file cut at a
 * line end parses cleanly otherwise, and would import as an edition with missing ballots.
 */
function checkDeclaredCounts(
  file: string,
  meta: Record<string, string>,
  metaLines: Record<string, number>,
  actual: { num_projects: number; num_votes: number },
): void {
  for (const [key, count] of Object.entries(actual)) {
    const declared = meta[key];
    if (declared !== undefined && Number(declared) !== count) {
      throw new MalformedFileError(
        file,
        metaLines[key],
        key,
        `META declares ${key} ${declared} but the file has ${count} rows: the file may be truncated; use a complete copy`,
      );
    }
  }
}

export function parsePabulib(file: string, content: Buffer | string): PabulibFile {
  const text = (typeof content === 'string' ? content : content.toString('utf8')).replace(
    /^\uFEFF/,
    '',
  );
  const records = readPabulibRecords(file, text);
  const sections = splitSections(file, records);
  const { meta, metaLines, voteType, budget } = readMeta(file, sections.META);
  const projects = readProjects(file, sections.PROJECTS);
  const votes = readVotes(file, sections.VOTES, new Set(projects.map((project) => project.code)));
  if (voteType === 'cumulative' && !sections.VOTES.header.includes('points')) {
    throw new MalformedFileError(
      file,
      sections.VOTES.headerLine,
      'points',
      'a cumulative file needs a points column',
    );
  }
  checkDeclaredCounts(file, meta, metaLines, { num_projects: projects.length, num_votes: votes.length });
  const warnings = SECTIONS.flatMap((name) =>
    sections[name].rows
      .filter((record) => record.lenientField !== undefined)
      .map((record): ImportWarning => {
        const field =
          sections[name].header[record.lenientField!] ?? `column ${record.lenientField! + 1}`;

        return {
          line: record.line,
          field,
          message: `${file}: stray quote in field "${field}", read leniently as ${JSON.stringify(record.fields[record.lenientField!])}`,
        };
      }),
  );

  return { meta, metaLines, voteType, budget, projects, votes, warnings };
}
