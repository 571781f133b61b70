import type { EntityManager } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type { Config } from '../../platform/config';
import type { Orm } from '../../platform/database';
import { lockSqliteForWrite, retryWhileSqliteLocked } from '../../platform/sqlite-write-lock';
import type { Logger } from '../../platform/logger';
import { storeBallots } from '../budget/ballot.writer';
import { BudgetEdition } from '../budget/budget-edition.entity';
import { BudgetService } from '../budget/budget.service';
import { writeServiceRequests } from '../cases/case-import.service';
import { Jurisdiction } from '../cases/jurisdiction.entity';
import { Consultation } from '../consultations/consultation.entity';
import { addStatement, createConsultation, participantHash } from '../consultations/consultation.service';
import { recordVoteHistory } from '../consultations/vote-history.service';
import type { Statement } from '../consultations/statement.entity';
import { DEMO_EDITION, DEMO_PROJECTS, generateDemoBallots } from './demo-budget';
import { DEMO_JURISDICTION, generateDemoCases } from './demo-city';
import { seedDemoRouting } from './demo-routing';
import { seedDemoServices } from './demo-services';
import { DEMO_CONSULTATION, DEMO_STATEMENTS, generateDemoVotes } from './demo-consultation';

/** Start of the current UTC day: the demo data ends there, so it looks recent yet stays fixed all day. */
export function demoAnchor(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

async function seedCases(em: EntityManager, config: Config, logger: Logger, anchor: Date) {
  const records = generateDemoCases(anchor);
  const outcome = await writeServiceRequests(
    { em, config, logger, progress: () => {}, options: {} },
    DEMO_JURISDICTION,
    { records, rejected: [], warnings: [] },
  );
  const jurisdiction = await em.findOneOrFail(Jurisdiction, { code: DEMO_JURISDICTION.code });
  await seedDemoRouting(em, jurisdiction);
  await seedDemoServices(em, jurisdiction, anchor);

  return outcome;
}

async function seedConsultation(em: EntityManager, config: Config, anchor: Date) {
  const consultation = await createConsultation(em, {
    ...DEMO_CONSULTATION,
    source: 'generated',
    // Open with live results, so the demo takes votes and shows counts at once.
    phase: 'OPEN',
    resultsPolicy: 'LIVE',
    createdAt: new Date(anchor.getTime() - 15 * 86_400_000),
  });
  const statements: Statement[] = [];
  for (const [index, statement] of DEMO_STATEMENTS.entries()) {
    statements.push(
      await addStatement(em, consultation, {
        code: String(index),
        text: statement.text,
        moderation: 'ACCEPTED',
        createdAt: new Date(consultation.createdAt.getTime() + index * 1000),
      }),
    );
  }
  const votes = generateDemoVotes(anchor).map((vote) => ({
    statementId: statements[vote.statement]!.id,
    participantHash: participantHash(config.hashKey, consultation.id, vote.participant),
    value: vote.value,
    castAt: vote.castAt,
  }));

  return recordVoteHistory(em, votes);
}

async function seedBudget(em: EntityManager, config: Config) {
  const service = new BudgetService(em, { hashKey: config.hashKey });
  // The demo edition stays open, so visitors and the simulator can cast ballots.
  const edition = await service.createEdition({
    ...DEMO_EDITION,
    description: 'Generated for trying out Ratusz.',
    phase: 'VOTING',
  });
  const projects = await service.addProjects(
    edition,
    DEMO_PROJECTS.map((project, index) => ({ code: `D${index + 1}`, name: project.name, cost: project.cost })),
  );
  const ballots = generateDemoBallots().map((ballot) => ({
    voterHash: service.voterHash(edition.id, ballot.voter),
    changeToken: service.ballotToken(edition.id, ballot.voter),
    channel: 'INTERNET' as const,
    items: ballot.projects.map((index) => ({ projectId: projects[index]!.id, points: 1 })),
  }));
  await storeBallots(em, edition.id, ballots);

  return ballots.length;
}

/** Returns whether the database contains any cases, budgets or consultations. */
async function hasData(em: EntityManager): Promise<boolean> {
  const counts = await Promise.all([
    em.count(Jurisdiction, {}),
    em.count(Consultation, {}),
    em.count(BudgetEdition, {}),
  ]);

  return counts.some((count) => count > 0);
}

/** Key of the PostgreSQL advisory lock that serialises demo seeding across API processes. */
const SEED_LOCK_KEY = 7_271_531;

/**
 * Waits until no other process is seeding. On PostgreSQL it takes a transaction-level advisory
 * lock, which the commit or rollback releases. On SQLite it takes the database's write lock
 * before the transaction reads anything, so the emptiness check that follows finds a seed that
 * another process committed. SQLite waits only `busy_timeout` for that lock, so
 * `seedDemoIfEmpty` retries the transaction after a `LockWaitTimeoutException`.
 */
async function lockSeeding(tx: EntityManager): Promise<void> {
  if (tx.getPlatform() instanceof PostgreSqlPlatform) {
    await tx.getConnection().execute('select pg_advisory_xact_lock(?)', [SEED_LOCK_KEY], 'all', tx.getTransactionContext());

    return;
  }
  await lockSqliteForWrite(tx);
}

/**
 * Fills an empty database with the generated demo city in one transaction. Does nothing when
 * the database contains any data, so real imports are never mixed with demo data. API processes
 * starting together on one PostgreSQL database or one SQLite file seed once, because the others
 * wait for the lock and then find the data.
 */
export async function seedDemoIfEmpty(orm: Orm, config: Config, logger: Logger): Promise<boolean> {
  const anchor = demoAnchor();
  const seedOnce = () => orm.em.fork().transactional(async (tx) => {
    await lockSeeding(tx);
    if (await hasData(tx)) {
      return false;
    }
    const cases = await seedCases(tx, config, logger, anchor);
    const ballots = await seedBudget(tx, config);
    const votes = await seedConsultation(tx, config, anchor);
    logger.info({ cases: cases.imported, ballots, voteEvents: votes.voteEvents }, 'demo city generated');

    return true;
  });
  const seeded = await retryWhileSqliteLocked(seedOnce, logger, 'demo seed');
  if (!seeded) {
    logger.info('demo seed skipped: the database already has data');
  }

  return seeded;
}
