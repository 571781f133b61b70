import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCensus } from '../../src/modules/referenda/referendum-setup.service';
import { closeReferendum } from '../../src/modules/referenda/referendum.service';
import { nextEvents, startTestServer, type TestServer } from '../support/server';

const CREATE = `
  mutation Create($input: CreateReferendumInput!) {
    createReferendum(input: $input) {
      referendum { id options { id label position } }
      errors { code field message }
    }
  }`;

const IMPORT_CENSUS = `
  mutation Census($input: ImportReferendumCensusInput!) {
    importReferendumCensus(input: $input) { rows added eligibleVoters errors { code field message } }
  }`;

const VOTE = `
  mutation Vote($input: CastReferendumVoteInput!) {
    castReferendumVote(input: $input) {
      progress { referendumId status eligibleVoters ballotsCast turnoutPercent }
      errors { code field message }
    }
  }`;

const RESULT_FIELDS = `
  referendumId eligibleVoters ballotsCast turnoutPercent quorumPercent binding closedAt commitment
  options { optionId label votes }
  byDistrict { district ballots suppressed options { optionId votes } }
  byChannel { channel ballots suppressed options { optionId votes } }`;

const CLOSE = `
  mutation Close($id: ID!) {
    closeReferendum(referendumId: $id) { result { ${RESULT_FIELDS} } errors { code field message } }
  }`;

const REFERENDUM = `
  query Referendum($id: ID!) {
    referendum(id: $id) { id commitment closedAt progress { status ballotsCast } result { ${RESULT_FIELDS} } }
  }`;

type Payload = { errors: { code: string; field: string[]; message: string }[] };
type Created = {
  createReferendum: Payload & { referendum: { id: string; options: { id: string }[] } | null };
};
type Voted = {
  castReferendumVote: Payload & { progress: { ballotsCast: number; status: string } | null };
};
type ResultData = {
  referendumId: string;
  eligibleVoters: number;
  ballotsCast: number;
  binding: boolean;
  commitment: string;
  options: { optionId: string; votes: number }[];
  byDistrict: {
    district: string;
    ballots: number | null;
    suppressed: boolean;
    options: { votes: number }[];
  }[];
  byChannel: { channel: string; ballots: number | null; suppressed: boolean }[];
};
type Closed = { closeReferendum: Payload & { result: ResultData | null } };

const HOUR = 3_600_000;

describe('referenda', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  function deps() {
    return { em: server.orm.em.fork(), config: server.config, events: server.events };
  }

  /** Writes a census of `voters` ids (voter-0, voter-1, ...) in `district(i)`. */
  function censusCsv(
    voters: number,
    district: (index: number) => string = () => 'Stare Miasto',
  ): string {
    const rows = Array.from(
      { length: voters },
      (_, index) => `voter-${index},"${district(index).replaceAll('"', '""')}"`,
    );

    return ['voter_id,district', ...rows].join('\n');
  }

  /**
   * Creates an OPEN referendum (opened an hour ago, closing in an hour) with two options and a
   * census imported at a time before the opening.
   */
  async function openReferendum(
    voters: number,
    quorumPercent: number,
    district?: (index: number) => string,
  ) {
    const now = Date.now();
    const opensAt = new Date(now - HOUR);
    const created = await server.graphql<Created>(
      CREATE,
      {
        input: {
          question: 'Should the market square be closed to cars?',
          options: ['Yes', 'No'],
          opensAt: opensAt.toISOString(),
          closesAt: new Date(now + HOUR).toISOString(),
          quorumPercent,
        },
      },
      { as: 'ADMINISTRATOR' },
    );
    const referendum = created.data!.createReferendum.referendum!;
    const imported = await importCensus(
      deps(),
      referendum.id,
      censusCsv(voters, district),
      new Date(opensAt.getTime() - 60_000),
    );
    expect(imported.ok).toBe(true);
    const [yes, no] = referendum.options.map((option) => option.id) as [string, string];

    return { id: referendum.id, yes, no, closesAt: new Date(now + HOUR) };
  }

  async function vote(referendumId: string, voterId: string, optionId: string, channel = 'ONLINE') {
    // Paper ballots are entered by election staff, so they are sent as an agent.
    const response = await server.graphql<Voted>(
      VOTE,
      { input: { referendumId, voterId, optionId, channel } },
      channel === 'PAPER' ? { as: 'AGENT' } : {},
    );
    expect(response.errors).toBeUndefined();

    return response.data!.castReferendumVote;
  }

  async function closeAfterWindow(referendum: { id: string; closesAt: Date }): Promise<ResultData> {
    const outcome = await closeReferendum(
      deps(),
      referendum.id,
      new Date(referendum.closesAt.getTime() + 1_000),
    );
    expect(outcome.ok).toBe(true);
    const response = await server.graphql<{ referendum: { result: ResultData } }>(REFERENDUM, {
      id: referendum.id,
    });

    return response.data!.referendum.result;
  }

  describe('createReferendum', () => {
    it('rejects invalid fields in the payload', async () => {
      const response = await server.graphql<Created>(
        CREATE,
        {
          input: {
            question: 'Build a tram line?',
            options: ['Yes'],
            opensAt: '2030-01-02T00:00:00Z',
            closesAt: '2030-01-01T00:00:00Z',
            quorumPercent: 120,
          },
        },
        { as: 'ADMINISTRATOR' },
      );
      const payload = response.data!.createReferendum;

      expect(payload.referendum).toBeNull();
      expect(payload.errors.map((error) => error.field[0]).sort()).toEqual([
        'closesAt',
        'options',
        'quorumPercent',
      ]);
    });

    it('rejects duplicate option labels', async () => {
      const response = await server.graphql<Created>(
        CREATE,
        {
          input: {
            question: 'Build a tram line?',
            options: ['Yes', ' Yes '],
            opensAt: '2030-01-01T00:00:00Z',
            closesAt: '2030-01-02T00:00:00Z',
            quorumPercent: 30,
          },
        },
        { as: 'ADMINISTRATOR' },
      );

      expect(response.data!.createReferendum.errors[0]?.message).toContain('"Yes" is listed twice');
    });
  });

  describe('census import', () => {
    async function scheduledReferendum() {
      const response = await server.graphql<Created>(
        CREATE,
        {
          input: {
            question: 'Rename the main street?',
            options: ['Yes', 'No'],
            opensAt: new Date(Date.now() + HOUR).toISOString(),
            closesAt: new Date(Date.now() + 2 * HOUR).toISOString(),
            quorumPercent: 30,
          },
        },
        { as: 'ADMINISTRATOR' },
      );

      return response.data!.createReferendum.referendum!.id;
    }

    it('stores personal ids only as keyed hashes', async () => {
      const id = await scheduledReferendum();
      const response = await server.graphql(
        IMPORT_CENSUS,
        {
          input: {
            referendumId: id,
            csv: 'voter_id,district\n85010112345,Krowodrza\n85010112346,Podgórze\n',
          },
        },
        { as: 'ADMINISTRATOR' },
      );
      const rows: Record<string, unknown>[] = await server.orm.em
        .fork()
        .getConnection()
        .execute('select * from referendum_eligible_voter where referendum_id = ?', [id]);

      expect(response.data!.importReferendumCensus).toEqual({
        rows: 2,
        added: 2,
        eligibleVoters: 2,
        errors: [],
      });
      expect(rows).toHaveLength(2);
      expect(JSON.stringify(rows)).not.toContain('8501011234');
    });

    it('writes nothing when a line is invalid', async () => {
      const id = await scheduledReferendum();
      const response = await server.graphql(
        IMPORT_CENSUS,
        {
          input: {
            referendumId: id,
            csv: 'voter_id,district\nA1,Krowodrza\n,Podgórze\nA1,Nowa Huta\n',
          },
        },
        { as: 'ADMINISTRATOR' },
      );
      const payload = response.data!.importReferendumCensus as Payload & { eligibleVoters: number };
      const count = await server.orm.em
        .fork()
        .getConnection()
        .execute('select count(*) as n from referendum_eligible_voter where referendum_id = ?', [
          id,
        ]);

      expect(payload.errors.map((error) => error.message)).toEqual([
        expect.stringContaining('line 3'),
        expect.stringContaining('line 4'),
      ]);
      expect(Number(count[0].n)).toBe(0);
    });

    it('rejects a header without voter_id', async () => {
      const id = await scheduledReferendum();
      const response = await server.graphql(
        IMPORT_CENSUS,
        {
          input: { referendumId: id, csv: 'pesel,district\n1,A\n' },
        },
        { as: 'ADMINISTRATOR' },
      );

      expect((response.data!.importReferendumCensus as Payload).errors[0]?.code).toBe(
        'INVALID_CENSUS',
      );
    });

    it('rejects changes once voting opened', async () => {
      const referendum = await openReferendum(3, 10);
      const response = await server.graphql(
        IMPORT_CENSUS,
        {
          input: { referendumId: referendum.id, csv: 'voter_id,district\nlate,Krowodrza\n' },
        },
        { as: 'ADMINISTRATOR' },
      );

      expect((response.data!.importReferendumCensus as Payload).errors[0]?.code).toBe(
        'CENSUS_LOCKED',
      );
    });
  });

  describe('voting', () => {
    it('rejects a vote before opening', async () => {
      const response = await server.graphql<Created>(
        CREATE,
        {
          input: {
            question: 'Plant a city orchard?',
            options: ['Yes', 'No'],
            opensAt: new Date(Date.now() + HOUR).toISOString(),
            closesAt: new Date(Date.now() + 2 * HOUR).toISOString(),
            quorumPercent: 10,
          },
        },
        { as: 'ADMINISTRATOR' },
      );
      const referendum = response.data!.createReferendum.referendum!;
      await importCensus(deps(), referendum.id, censusCsv(1));
      const payload = await vote(referendum.id, 'voter-0', referendum.options[0]!.id);

      expect(payload.progress).toBeNull();
      expect(payload.errors[0]?.code).toBe('VOTING_NOT_OPEN');
    });

    it('rejects a vote after the window ends', async () => {
      const response = await server.graphql<Created>(
        CREATE,
        {
          input: {
            question: 'Extend the night bus service?',
            options: ['Yes', 'No'],
            opensAt: new Date(Date.now() - 2 * HOUR).toISOString(),
            closesAt: new Date(Date.now() - HOUR).toISOString(),
            quorumPercent: 10,
          },
        },
        { as: 'ADMINISTRATOR' },
      );
      const referendum = response.data!.createReferendum.referendum!;
      const payload = await vote(referendum.id, 'voter-0', referendum.options[0]!.id);

      expect(payload.errors[0]?.code).toBe('VOTING_ENDED');
    });

    it('rejects a vote after the close', async () => {
      const referendum = await openReferendum(3, 10);
      await vote(referendum.id, 'voter-0', referendum.yes);
      await closeAfterWindow(referendum);
      const payload = await vote(referendum.id, 'voter-1', referendum.yes);

      expect(payload.progress).toBeNull();
      expect(payload.errors[0]?.code).toBe('VOTING_ENDED');
    });

    it('rejects a voter missing from the census', async () => {
      const referendum = await openReferendum(3, 10);
      const payload = await vote(referendum.id, 'stranger', referendum.yes);

      expect(payload.errors[0]?.code).toBe('NOT_ELIGIBLE');
      expect(payload.errors[0]?.field).toEqual(['voterId']);
    });

    it('rejects an option of another referendum', async () => {
      const first = await openReferendum(3, 10);
      const second = await openReferendum(3, 10);
      const payload = await vote(first.id, 'voter-0', second.yes);

      expect(payload.errors[0]?.code).toBe('OPTION_NOT_FOUND');
    });

    it('counts 200 concurrent votes of one voter once', async () => {
      const referendum = await openReferendum(5, 10);
      const payloads = await Promise.all(
        Array.from({ length: 200 }, (_, index) =>
          vote(referendum.id, 'voter-0', index % 2 === 0 ? referendum.yes : referendum.no),
        ),
      );
      const accepted = payloads.filter((payload) => payload.errors.length === 0);
      const rejectedCodes = new Set(
        payloads.flatMap((payload) => payload.errors.map((error) => error.code)),
      );
      const connection = server.orm.em.fork().getConnection();
      const ballots = await connection.execute(
        'select count(*) as n from referendum_ballot where referendum_id = ?',
        [referendum.id],
      );
      const participations = await connection.execute(
        'select count(*) as n from referendum_participation where referendum_id = ?',
        [referendum.id],
      );

      expect(accepted).toHaveLength(1);
      expect([...rejectedCodes]).toEqual(['ALREADY_VOTED']);
      expect(Number(ballots[0].n)).toBe(1);
      expect(Number(participations[0].n)).toBe(1);
    });

    it('keeps ballots apart from voters', async () => {
      const referendum = await openReferendum(3, 10);
      await vote(referendum.id, 'voter-0', referendum.yes);
      const connection = server.orm.em.fork().getConnection();
      const [ballot] = await connection.execute(
        'select * from referendum_ballot where referendum_id = ?',
        [referendum.id],
      );
      const [participation] = await connection.execute(
        'select * from referendum_participation where referendum_id = ?',
        [referendum.id],
      );

      expect(Object.keys(ballot).sort()).toEqual([
        'channel',
        'district',
        'id',
        'option_id',
        'referendum_id',
      ]);
      expect(Object.keys(participation).sort()).toEqual(['id', 'referendum_id', 'voter_hash']);
    });

    it('pushes turnout to subscribers', async () => {
      const referendum = await openReferendum(4, 10);
      const client = server.wsClient();
      const events = nextEvents<{
        referendumUpdated: { ballotsCast: number; turnoutPercent: number };
      }>(
        client,
        'subscription Follow($id: ID!) { referendumUpdated(referendumId: $id) { ballotsCast turnoutPercent result { binding } } }',
        { id: referendum.id },
        1,
      );
      await events.subscribed;
      await vote(referendum.id, 'voter-0', referendum.yes);
      const [update] = await events.done;

      expect(update!.referendumUpdated).toEqual({
        ballotsCast: 1,
        turnoutPercent: 25,
        result: null,
      });
    });
  });

  describe('closing', () => {
    it('is not binding just below the quorum', async () => {
      const referendum = await openReferendum(20, 25);
      for (let index = 0; index < 4; index += 1) {
        await vote(referendum.id, `voter-${index}`, referendum.yes);
      }
      const result = await closeAfterWindow(referendum);

      expect(result.ballotsCast).toBe(4);
      expect(result.binding).toBe(false);
    });

    it('is binding at and just above the quorum', async () => {
      const atQuorum = await openReferendum(20, 25);
      const aboveQuorum = await openReferendum(20, 25);
      for (let index = 0; index < 5; index += 1) {
        await vote(atQuorum.id, `voter-${index}`, atQuorum.yes);
        await vote(aboveQuorum.id, `voter-${index}`, aboveQuorum.yes);
      }
      await vote(aboveQuorum.id, 'voter-5', aboveQuorum.no);

      expect((await closeAfterWindow(atQuorum)).binding).toBe(true);
      expect((await closeAfterWindow(aboveQuorum)).binding).toBe(true);
    });

    it('rejects closing before the window ends', async () => {
      const referendum = await openReferendum(3, 10);
      const response = await server.graphql<Closed>(
        CLOSE,
        { id: referendum.id },
        { as: 'ADMINISTRATOR' },
      );

      expect(response.data!.closeReferendum.result).toBeNull();
      expect(response.data!.closeReferendum.errors[0]?.code).toBe('VOTING_NOT_ENDED');
    });

    it('rejects closing twice', async () => {
      const referendum = await openReferendum(3, 10);
      await closeAfterWindow(referendum);
      const again = await closeReferendum(
        deps(),
        referendum.id,
        new Date(referendum.closesAt.getTime() + 2_000),
      );

      expect(again.ok).toBe(false);
      expect(again.ok ? null : again.error.code).toBe('ALREADY_CLOSED');
    });

    it('splits results by district and channel', async () => {
      // Voters 0-5 live in Krowodrza, 6-7 in Podgórze.
      const referendum = await openReferendum(10, 10, (index) =>
        index < 6 ? 'Krowodrza' : 'Podgórze',
      );
      for (let index = 0; index < 8; index += 1) {
        const option = index % 3 === 0 ? referendum.no : referendum.yes;
        await vote(referendum.id, `voter-${index}`, option, index < 7 ? 'ONLINE' : 'PAPER');
      }
      const result = await closeAfterWindow(referendum);

      expect(result.options.map((option) => option.votes)).toEqual([5, 3]);
      expect(result.byDistrict).toEqual([
        {
          district: 'Krowodrza',
          ballots: 6,
          suppressed: false,
          options: [expect.objectContaining({ votes: 4 }), expect.objectContaining({ votes: 2 })],
        },
        { district: 'Podgórze', ballots: null, suppressed: true, options: [] },
      ]);
      expect(result.byChannel).toEqual([
        { channel: 'ONLINE', ballots: 7, suppressed: false, options: expect.any(Array) },
        { channel: 'PAPER', ballots: null, suppressed: true, options: [] },
      ]);
    });

    it('publishes a commitment that recomputes from the stored ballots', async () => {
      const referendum = await openReferendum(8, 50, (index) =>
        index % 2 === 0 ? 'Dębniki' : 'Bieżanów "Nowy"',
      );
      for (let index = 0; index < 6; index += 1) {
        await vote(
          referendum.id,
          `voter-${index}`,
          index < 4 ? referendum.yes : referendum.no,
          index === 5 ? 'PAPER' : 'ONLINE',
        );
      }
      const result = await closeAfterWindow(referendum);

      const connection = server.orm.em.fork().getConnection();
      const ballots: { id: string; option_id: string; channel: string; district: string }[] =
        await connection.execute(
          'select id, option_id, channel, district from referendum_ballot where referendum_id = ?',
          [referendum.id],
        );
      const options: { id: string; position: number }[] = await connection.execute(
        'select id, position from referendum_option where referendum_id = ? order by position',
        [referendum.id],
      );
      const votesFor = (optionId: string) =>
        ballots.filter((ballot) => ballot.option_id === optionId).length;
      const ballotLines = ballots
        .map(
          (ballot) =>
            `ballot ${ballot.id} ${ballot.option_id} ${ballot.channel} ${JSON.stringify(ballot.district)}`,
        )
        .sort();
      const canonical = [
        'ratusz-referendum-commitment-v1',
        `referendum ${referendum.id}`,
        'eligible 8',
        'quorum-percent 50',
        'binding true',
        ...options.map((option) => `option ${option.position} ${option.id} ${votesFor(option.id)}`),
        ...ballotLines,
      ].join('\n');
      const expected = createHash('sha256').update(`${canonical}\n`, 'utf8').digest('hex');
      const stored = await server.graphql<{ referendum: { commitment: string } }>(REFERENDUM, {
        id: referendum.id,
      });

      expect(ballots).toHaveLength(6);
      expect(result.commitment).toBe(expected);
      expect(stored.data!.referendum.commitment).toBe(expected);
    });
  });
});
