import type { AnyEntity, EntityClass } from '@mikro-orm/core';
import { Ballot, BallotItem } from './budget/ballot.entity';
import { BudgetEdition } from './budget/budget-edition.entity';
import { BudgetProject } from './budget/budget-project.entity';
import { caseEntities } from './cases/case.module';
import { Consultation } from './consultations/consultation.entity';
import { Statement } from './consultations/statement.entity';
import { StatementVote, StatementVoteEvent } from './consultations/statement-vote.entity';
import { ImportRun } from './imports/import-run.entity';
import { ApiKey } from './access/api-key.entity';
import { ServiceDefinition } from './catalogue/service-definition.entity';
import { Open311Request } from './open311/open311-request.entity';

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
  ApiKey,
  ServiceDefinition,
  Open311Request,
];
