import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsultation } from '../../src/modules/consultations/consultation.service';
import { polisImporter } from '../../src/modules/consultations/polis.importer';
import { importFile } from '../../src/modules/imports/import.service';
import { dataFile, hasData } from '../support/data';
import { startTestServer, type TestServer, testLogger } from '../support/server';
import { POLIS_CONVERSATIONS } from './support';

const OPINION_GROUPS = `
  query Groups($id: ID!, $seed: Int!) {
    consultation(id: $id) {
      opinionGroups(seed: $seed) {
        seed minVotesPerParticipant minGroupSize clusteredParticipants excludedParticipants
        groupCount suppressedGroups silhouette
        groups {
          index size
          representativeStatements {
            statementId code direction groupShare othersShare ratio z
            groupAgree groupDisagree groupPass othersAgree othersDisagree othersPass
          }
        }
        consensus { statementId code agreeConsensus disagreeConsensus }
      }
    }
  }`;

type OpinionGroupsData = {
  consultation: {
    opinionGroups: {
      minGroupSize: number;
      clusteredParticipants: number;
      groupCount: number;
      suppressedGroups: number;
      silhouette: number | null;
      groups: {
        size: number;
        representativeStatements: {
          code: string;
          groupShare: number;
          othersShare: number;
          z: number;
        }[];
      }[];
      consensus: { code: string; agreeConsensus: number }[];
    };
  };
};

describe('opinion groups over GraphQL', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  describe.skipIf(!hasData).each(POLIS_CONVERSATIONS)('Polis conversation %s', (conversation) => {
    let consultationId: string;

    beforeAll(async () => {
      const report = await importFile(
        server.orm,
        polisImporter,
        dataFile('consultations', conversation),
        {
          config: server.config,
          logger: testLogger(server.config),
        },
      );
      consultationId = report.targetId!;
    });

    it('gives the same groups for the same seed', async () => {
      const first = await server.graphql<OpinionGroupsData>(OPINION_GROUPS, {
        id: consultationId,
        seed: 7,
      });
      const second = await server.graphql<OpinionGroupsData>(OPINION_GROUPS, {
        id: consultationId,
        seed: 7,
      });

      expect(first.errors).toBeUndefined();
      expect(first.data!.consultation.opinionGroups.groupCount).toBeGreaterThanOrEqual(2);
      expect(second.data).toEqual(first.data);
    });

    it('reports only groups above the minimum size', async () => {
      const response = await server.graphql<OpinionGroupsData>(OPINION_GROUPS, {
        id: consultationId,
        seed: 1,
      });
      const groups = response.data!.consultation.opinionGroups;
      const reported = groups.groups.reduce((sum, group) => sum + group.size, 0);

      expect(groups.minGroupSize).toBe(server.config.minAggregateCount);
      expect(groups.groups.length + groups.suppressedGroups).toBe(groups.groupCount);
      expect(reported).toBeLessThanOrEqual(groups.clusteredParticipants);
      for (const group of groups.groups) {
        expect(group.size).toBeGreaterThanOrEqual(server.config.minAggregateCount);
      }
    });

    it('backs representative statements with figures', async () => {
      const response = await server.graphql<OpinionGroupsData>(OPINION_GROUPS, {
        id: consultationId,
        seed: 1,
      });
      const statements = response.data!.consultation.opinionGroups.groups.flatMap(
        (group) => group.representativeStatements,
      );

      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(statement.code).not.toBe('');
        expect(statement.groupShare).toBeGreaterThan(statement.othersShare);
        expect(statement.z).toBeGreaterThanOrEqual(1.645);
      }
    });
  });

  it('rejects a negative seed', async () => {
    const consultation = await createConsultation(server.orm.em.fork(), { title: 'Seed check' });
    const response = await server.graphql(OPINION_GROUPS, { id: consultation.id, seed: -1 });

    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toContain('-1');
  });

  it('reports no groups without votes', async () => {
    const consultation = await createConsultation(server.orm.em.fork(), {
      title: 'No votes yet',
      phase: 'OPEN',
      resultsPolicy: 'LIVE',
    });
    const response = await server.graphql<OpinionGroupsData>(OPINION_GROUPS, {
      id: consultation.id,
      seed: 1,
    });
    const groups = response.data!.consultation.opinionGroups;

    expect(groups.groupCount).toBe(0);
    expect(groups.groups).toEqual([]);
    expect(groups.silhouette).toBeNull();
  });
});
