import type { AnyEntity, EntityClass } from '@mikro-orm/core';
import { Ballot, BallotItem, BallotVoter } from './budget/ballot.entity';
import { BudgetEdition } from './budget/budget-edition.entity';
import { BudgetProcess } from './budget/budget-process.entity';
import { BudgetProject } from './budget/budget-project.entity';
import { VoterRegisterEntry } from './budget/voter-register.entity';
import { caseEntities } from './cases/case.module';
import { Consultation } from './consultations/consultation.entity';
import { Statement } from './consultations/statement.entity';
import { StatementVote, StatementVoteEvent } from './consultations/statement-vote.entity';
import { ImportRun } from './imports/import-run.entity';

/** Every persisted entity, listed explicitly so discovery never depends on file globs. */
export const entities: EntityClass<AnyEntity>[] = [
  ImportRun,
  Consultation,
  Statement,
  StatementVote,
  StatementVoteEvent,
  ...caseEntities,
  BudgetEdition,
  BudgetProject,
  Ballot,
  BallotItem,
  BudgetProcess,
  BallotVoter,
  VoterRegisterEntry,
];
