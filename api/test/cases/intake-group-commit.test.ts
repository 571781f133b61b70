import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { CaseTimelineEntry } from '../../src/modules/cases/case-timeline-entry.entity';
import { openCase } from '../../src/modules/cases/case.service';
import { MAX_GROUP_SIZE } from '../../src/modules/cases/intake-group-commit';
import { verifyAuditChain } from '../../src/platform/audit/audit';
import { AuditEvent } from '../../src/platform/audit/audit-event.entity';
import { withAuditScope } from '../../src/platform/audit/audit-subscriber';
import { startTestServer, type TestServer } from '../support/server';
import { createService, seedJurisdiction } from '../open311/support';

// Concurrent openCase calls share transactions (group commit). These tests start more calls at
// once than one group takes, so several groups form while earlier ones commit.

let server: TestServer;
let jurisdictionId: string;
let categoryId: string;

/** Log lines that the intake calls below write, as parsed JSON. */
const logged: Record<string, unknown>[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => logged.push(JSON.parse(line)) });

function open(description: string, withinTransaction?: () => void) {
  return openCase(
    { em: server.orm.em.fork(), events: server.events, logger },
    { jurisdictionId, categoryId, channel: 'WEB', latitude: 52.23, longitude: 21.01, description },
    new Date(),
    withinTransaction ? { withinTransaction } : {},
  );
}

function sequenceOf(number: string): number {
  return Number(number.split('-').at(-1));
}

beforeAll(async () => {
  server = await startTestServer();
  jurisdictionId = await seedJurisdiction(server, 'group', 'Group City');
  categoryId = await createService(server, jurisdictionId, {
    serviceCode: 'pothole',
    name: 'Pothole',
  });
});

afterAll(async () => {
  await server?.stop();
});

describe('intake group commit', () => {
  it('numbers concurrent cases uniquely', async () => {
    const count = MAX_GROUP_SIZE * 2 + 5;
    const results = await Promise.all(
      Array.from({ length: count }, (_, index) => open(`case ${index}`)),
    );

    const numbers = results.map((result) => result.case?.number ?? 'missing');
    expect(numbers).not.toContain('missing');
    expect(new Set(numbers).size).toBe(count);
    const sequences = numbers.map(sequenceOf).sort((a, b) => a - b);
    const first = sequences[0] as number;
    expect(sequences).toEqual(Array.from({ length: count }, (_, index) => first + index));
  });

  it('audits every row once', async () => {
    // More cases than the 20 rows per entity above which one flush gets a summary entry.
    const results = await withAuditScope({ actorId: null, operation: 'openCase' }, () =>
      Promise.all(Array.from({ length: 30 }, (_, index) => open(`audited ${index}`))),
    );

    const em = server.orm.em.fork();
    for (const result of results) {
      const id = result.case?.id as string;
      const entries = await em.find(AuditEvent, { subjectId: id });
      expect(entries.map((entry) => entry.action)).toEqual(['service_case.created']);
      expect(entries[0]?.details).toEqual({ via: 'openCase' });
      const timeline = await em.find(CaseTimelineEntry, { serviceCase: id });
      expect(timeline).toHaveLength(1);
      const timelineEntries = await em.find(AuditEvent, { subjectId: timeline[0]?.id as string });
      expect(timelineEntries.map((entry) => entry.action)).toEqual(['case_timeline_entry.created']);
    }
    const summaries = await em.count(AuditEvent, { subjectId: 'many' });
    expect(summaries).toBe(0);
    const verification = await verifyAuditChain(server.orm.em.fork());
    expect(verification.broken).toBeNull();
  });

  it('fails only the failing case', async () => {
    const em = server.orm.em.fork();
    const before = await em.count(ServiceCase, { jurisdiction: jurisdictionId });
    const failure = new Error('rejected by the test');

    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) =>
        open(
          `mixed ${index}`,
          index === 4
            ? () => {
                throw failure;
              }
            : undefined,
        ),
      ),
    );

    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(rejected).toEqual([{ status: 'rejected', reason: failure }]);
    // The shared transaction's failure is logged once per failed group, by kind only.
    const retries = logged.filter((line) => String(line.msg).startsWith('shared intake transaction failed'));
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]).toMatchObject({ level: 40, error: { name: 'Error' } });
    expect(JSON.stringify(retries)).not.toContain('rejected by the test');
    expect(JSON.stringify(retries)).not.toContain('mixed');
    const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(fulfilled).toHaveLength(9);
    const after = await em.count(ServiceCase, { jurisdiction: jurisdictionId });
    expect(after - before).toBe(9);
    const failed = await em.count(ServiceCase, { description: 'mixed 4' });
    expect(failed).toBe(0);
    const verification = await verifyAuditChain(server.orm.em.fork());
    expect(verification.broken).toBeNull();
  });
});
