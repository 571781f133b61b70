import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Consultation } from '../../src/modules/consultations/consultation.entity';
import { consultationResults } from '../../src/modules/consultations/consultation-results.service';
import { participantHash } from '../../src/modules/consultations/consultation.service';
import { polisImporter } from '../../src/modules/consultations/polis.importer';
import { Statement } from '../../src/modules/consultations/statement.entity';
import { StatementVote } from '../../src/modules/consultations/statement-vote.entity';
import { importFile, type ImportReport } from '../../src/modules/imports/import.service';
import { dataFile, hasData } from '../support/data';
import { openTestOrm, POLIS_CONVERSATIONS, readExportTable, type TestOrm } from './support';
import { testLogger } from '../support/server';

const POLIS_MODERATION: Record<string, string> = {
  '1': 'ACCEPTED',
  '0': 'PENDING',
  '-1': 'REJECTED',
};
const POLIS_VOTE: Record<string, string> = { AGREE: '1', DISAGREE: '-1', PASS: '0' };

describe.skipIf(!hasData).each(POLIS_CONVERSATIONS)('Polis import of %s', (conversation) => {
  const folder = dataFile('consultations', conversation);
  const comments = hasData ? readExportTable(folder, 'comments.csv') : [];
  const votes = hasData ? readExportTable(folder, 'votes.csv') : [];
  let test: TestOrm;
  let report: ImportReport;
  let consultationId: string;

  beforeAll(async () => {
    test = await openTestOrm();
    report = await importFile(test.orm, polisImporter, folder, {
      config: test.config,
      logger: testLogger(test.config),
    });
    consultationId = report.targetId!;
  });

  afterAll(async () => {
    await test?.close();
  });

  it('counts agree and disagree events as the export does', async () => {
    const accepted = comments.filter((comment) => comment['moderated'] === '1');
    const expected = Object.fromEntries(
      accepted.map((comment) => [
        comment['comment-id'],
        { agreeEvents: Number(comment['agrees']), disagreeEvents: Number(comment['disagrees']) },
      ]),
    );

    const results = await consultationResults(
      test.orm.em.fork(),
      consultationId,
      test.config.minAggregateCount,
    );
    const actual = Object.fromEntries(
      results!.statements.map((entry) => [
        entry.code,
        { agreeEvents: entry.agreeEvents, disagreeEvents: entry.disagreeEvents },
      ]),
    );

    expect(actual).toEqual(expected);
  });

  it('counts events of hidden statements as the export does', async () => {
    const expected = Object.fromEntries(
      comments.map((comment) => [
        comment['comment-id'],
        `${comment['agrees']}/${comment['disagrees']}`,
      ]),
    );

    const rows: { code: string; agrees: number | string; disagrees: number | string }[] =
      await test.orm.em.getConnection().execute(
        `select s.code,
           sum(case when e.value = 'AGREE' then 1 else 0 end) as agrees,
           sum(case when e.value = 'DISAGREE' then 1 else 0 end) as disagrees
         from statement s left join statement_vote_event e on e.statement_id = s.id
         where s.consultation_id = ? group by s.code`,
        [consultationId],
      );
    const actual = Object.fromEntries(
      rows.map((row) => [row.code, `${Number(row.agrees ?? 0)}/${Number(row.disagrees ?? 0)}`]),
    );

    expect(actual).toEqual(expected);
  });

  it('keeps the moderation state of every statement', async () => {
    const expected = Object.fromEntries(
      comments.map((comment) => [comment['comment-id'], POLIS_MODERATION[comment['moderated']!]]),
    );

    const statements = await test.orm.em.fork().find(Statement, { consultation: consultationId });
    const actual = Object.fromEntries(
      statements.map((statement) => [statement.code, statement.moderation]),
    );

    expect(actual).toEqual(expected);
  });

  it('keeps multi-line statement text unchanged', async () => {
    const expected = Object.fromEntries(
      comments.map((comment) => [comment['comment-id'], comment['comment-body']]),
    );

    const statements = await test.orm.em.fork().find(Statement, { consultation: consultationId });
    const actual = Object.fromEntries(
      statements.map((statement) => [statement.code, statement.text]),
    );

    expect(actual).toEqual(expected);
  });

  it('matches the latest-vote matrix of participants-votes.csv', async () => {
    const matrix = readExportTable(folder, 'participants-votes.csv');
    const commentColumns = Object.keys(matrix[0]!).filter((column) => /^\d+$/.test(column));
    const expected = matrix.map((row) => [
      row['participant'],
      ...commentColumns.map((column) => row[column]),
    ]);

    const current = await test.orm.em.fork().find(StatementVote, {}, { populate: ['statement'] });
    const byCell = new Map(
      current.map((vote) => [
        `${vote.statement.code}\u0000${vote.participantHash}`,
        POLIS_VOTE[vote.value],
      ]),
    );
    const actual = matrix.map((row) => {
      const hash = participantHash(test.config.hashKey, consultationId, row['participant']!);

      return [
        row['participant'],
        ...commentColumns.map((column) => byCell.get(`${column}\u0000${hash}`) ?? ''),
      ];
    });

    expect(actual).toEqual(expected);
  });

  it('keeps one current vote per voted participant and statement', async () => {
    const pairs = new Set(votes.map((vote) => `${vote['comment-id']}\u0000${vote['voter-id']}`));

    const count = await test.orm.em.fork().count(StatementVote, {});

    expect(count).toBe(pairs.size);
  });

  it('counts distinct voters and every vote event', async () => {
    const voters = new Set(votes.map((vote) => vote['voter-id']));

    const results = await consultationResults(
      test.orm.em.fork(),
      consultationId,
      test.config.minAggregateCount,
    );

    expect(results!.participants).toBe(voters.size);
    expect(results!.voteEvents).toBe(votes.length);
  });

  it('dates the results at the latest vote', async () => {
    const latest = Math.max(...votes.map((vote) => Number(vote['timestamp'])));

    const results = await consultationResults(
      test.orm.em.fork(),
      consultationId,
      test.config.minAggregateCount,
    );

    expect(results!.updatedAt).toBe(new Date(latest).toISOString());
  });

  it('reports what it imported', () => {
    const voters = new Set(votes.map((vote) => vote['voter-id']));

    expect(report.alreadyImported).toBe(false);
    expect(report.imported).toBe(comments.length + votes.length);
    expect(report.details).toEqual({
      statements: comments.length,
      voteEvents: votes.length,
      currentVotes: new Set(votes.map((vote) => `${vote['comment-id']}\u0000${vote['voter-id']}`))
        .size,
      participants: voters.size,
    });
  });

  it('takes the title from summary.csv', async () => {
    const consultation = await test.orm.em
      .fork()
      .findOneOrFail(Consultation, { id: consultationId });

    expect(consultation.title).toBe(EXPECTED_TITLES[conversation]);
  });

  it('opens the conversation with live results', async () => {
    const consultation = await test.orm.em
      .fork()
      .findOneOrFail(Consultation, { id: consultationId });

    expect(consultation.phase).toBe('OPEN');
    expect(consultation.resultsPolicy).toBe('LIVE');
    expect(consultation.audience).toBe('ANYONE');
  });
});

const EXPECTED_TITLES: Record<string, string> = {
  '15-per-hour-seattle': '$15/hour',
  'london.youth.policing':
    'What is the best way to engage more young people in local scrutiny of policing?',
};
