import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Consultation } from '../../src/modules/consultations/consultation.entity';
import { participantHash } from '../../src/modules/consultations/consultation.service';
import { polisImporter } from '../../src/modules/consultations/polis.importer';
import { Statement } from '../../src/modules/consultations/statement.entity';
import {
  StatementVote,
  StatementVoteEvent,
} from '../../src/modules/consultations/statement-vote.entity';
import { ImportRun } from '../../src/modules/imports/import-run.entity';
import { importFile } from '../../src/modules/imports/import.service';
import { MalformedFileError } from '../../src/modules/imports/importer';
import { dataFile, hasData } from '../support/data';
import { openTestOrm, type TestOrm } from './support';
import { testLogger } from '../support/server';

const SOURCE = 'london.youth.policing';

/** Returns the number of the last non-empty line of a file. */
function lastLine(file: string): number {
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').length;
}

describe.skipIf(!hasData)('Polis re-import and malformed exports', () => {
  let test: TestOrm;
  let scratch: string;

  beforeAll(async () => {
    test = await openTestOrm();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-polis-'));
  });

  afterAll(async () => {
    await test?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  const run = (target: string) =>
    importFile(test.orm, polisImporter, target, {
      config: test.config,
      logger: testLogger(test.config),
    });

  async function rowCounts() {
    const em = test.orm.em.fork();

    return {
      consultations: await em.count(Consultation, {}),
      statements: await em.count(Statement, {}),
      currentVotes: await em.count(StatementVote, {}),
      voteEvents: await em.count(StatementVoteEvent, {}),
      importRuns: await em.count(ImportRun, {}),
    };
  }

  /** Copies the export to a new folder, changing one file with `edit`. */
  function copyWith(name: string, file: string, edit: (text: string) => string): string {
    const folder = path.join(scratch, name);
    fs.cpSync(dataFile('consultations', SOURCE), folder, { recursive: true });
    for (const entry of fs.readdirSync(folder)) {
      fs.chmodSync(path.join(folder, entry), 0o644);
    }
    const target = path.join(folder, file);
    fs.writeFileSync(target, edit(fs.readFileSync(target, 'utf8')));

    return folder;
  }

  async function expectMalformed(
    folder: string,
    expected: { file: string; line: number | undefined; field: string | undefined },
  ) {
    const before = await rowCounts();

    const error = await run(folder).then(
      () => undefined,
      (failure: unknown) => failure,
    );

    expect(error).toBeInstanceOf(MalformedFileError);
    const { file, line, field } = error as MalformedFileError;
    expect({ file, line, field }).toEqual(expected);
    expect(await rowCounts()).toEqual(before);
  }

  it('changes nothing when the same folder is imported again', async () => {
    const first = await run(dataFile('consultations', SOURCE));
    const afterFirst = await rowCounts();

    const again = await run(dataFile('consultations', SOURCE));

    expect(again.alreadyImported).toBe(true);
    expect(again.targetId).toBe(first.targetId);
    expect(await rowCounts()).toEqual(afterFirst);
  });

  it('treats comments.csv as the same import as its folder', async () => {
    await run(dataFile('consultations', SOURCE));
    const before = await rowCounts();

    const again = await run(dataFile('consultations', SOURCE, 'comments.csv'));

    expect(again.alreadyImported).toBe(true);
    expect(await rowCounts()).toEqual(before);
  });

  it('rejects comments.csv without the moderated column', async () => {
    const folder = copyWith('no-moderated', 'comments.csv', (text) =>
      text.replace(
        'agrees,disagrees,moderated,comment-body',
        'agrees,disagrees,status,comment-body',
      ),
    );

    await expectMalformed(folder, {
      file: 'no-moderated/comments.csv',
      line: 1,
      field: 'moderated',
    });
  });

  it('rejects a vote value outside -1, 0 and 1', async () => {
    const folder = copyWith('vote-two', 'votes.csv', (text) => {
      const lines = text.split('\n');
      lines[3] = lines[3]!.replace(/,-?\d+$/, ',2');

      return lines.join('\n');
    });

    await expectMalformed(folder, { file: 'vote-two/votes.csv', line: 4, field: 'vote' });
  });

  it('rejects a vote for an unknown comment id', async () => {
    const folder = copyWith(
      'unknown-comment',
      'votes.csv',
      (text) => `${text}1658940000000,Wed Jul 27 23:40:00 WIB 2022,999,1,1\n`,
    );
    const lines = lastLine(path.join(folder, 'votes.csv'));

    await expectMalformed(folder, {
      file: 'unknown-comment/votes.csv',
      line: lines,
      field: 'comment-id',
    });
  });

  it('rejects an unclosed quote', async () => {
    const folder = copyWith(
      'open-quote',
      'comments.csv',
      (text) => `${text}1658940000000,x,99,1,0,0,1,"never closed\n`,
    );

    // The quote opens on the last line of the file.
    const lines = lastLine(path.join(folder, 'comments.csv'));

    await expectMalformed(folder, {
      file: 'open-quote/comments.csv',
      line: lines,
      field: undefined,
    });
  });

  it('keeps the latest vote when votes.csv is out of time order', async () => {
    // The appended row is older than the vote of voter 1 on comment 1. Replaying in file order
    // would make it current, but replaying in time order must keep the later vote.
    const folder = copyWith(
      'late-row',
      'votes.csv',
      (text) => `${text}1000000000000,Sun Sep 09 08:46:40 WIB 2001,1,1,1\n`,
    );

    const report = await run(folder);
    const hash = participantHash(test.config.hashKey, report.targetId!, '1');
    const em = test.orm.em.fork();
    const current = await em.findOneOrFail(StatementVote, {
      statement: { consultation: report.targetId!, code: '1' },
      participantHash: hash,
    });
    const events = await em.count(StatementVoteEvent, {
      statement: { consultation: report.targetId!, code: '1' },
      participantHash: hash,
    });

    expect(current.value).toBe('DISAGREE');
    expect(events).toBe(2);
  });
});
