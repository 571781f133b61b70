import type { AnyEntity, EntityClass } from '@mikro-orm/core';
import { AuditChainHead, AuditEvent } from '../platform/audit/audit-event.entity';
import { ReferenceVersion } from '../platform/reference-cache/reference-version.entity';
import { Account, AccountSession } from './accounts/account.entity';
import { OidcAccount } from './accounts/oidc-account.entity';
import { Ballot, BallotItem, BallotVoter } from './budget/ballot.entity';
import { BudgetEdition } from './budget/budget-edition.entity';
import { BudgetProcess } from './budget/budget-process.entity';
import { BudgetProject } from './budget/budget-project.entity';
import { ProjectImplementation, ProjectMilestone } from './budget/implementation.entity';
import { BudgetProposal, ProposalDecision } from './budget/proposal.entity';
import { VoterRegisterEntry } from './budget/voter-register.entity';
import { caseEntities } from './cases/case.module';
import { Consultation } from './consultations/consultation.entity';
import { RegisteredParticipant } from './consultations/participant-register.entity';
import { Question } from './consultations/question.entity';
import { QuestionnaireSubmission } from './consultations/questionnaire-submission.entity';
import { Statement } from './consultations/statement.entity';
import { StatementVote, StatementVoteEvent } from './consultations/statement-vote.entity';
import { ImportRun } from './imports/import-run.entity';
import {
  Referendum,
  ReferendumBallot,
  ReferendumEligibleVoter,
  ReferendumOption,
  ReferendumParticipation,
} from './referenda/referendum.entity';
import { ApiKey } from './access/api-key.entity';
import { ServiceDefinition } from './catalogue/service-definition.entity';
import { Open311Request } from './open311/open311-request.entity';
import { Webhook, WebhookDelivery } from './webhooks/webhook.entity';
import { emailEntities } from './email/email.entities';
import { CaseSupport } from './duplicates/case-support.entity';
import { KbArticle, KbArticleVersion } from './knowledge/kb-article.entity';

/** Every persisted entity, listed explicitly so discovery never depends on file globs. */
export const entities: EntityClass<AnyEntity>[] = [
  ImportRun,
  Consultation,
  Statement,
  StatementVote,
  StatementVoteEvent,
  Question,
  QuestionnaireSubmission,
  RegisteredParticipant,
  ...caseEntities,
  BudgetEdition,
  BudgetProject,
  Ballot,
  BallotItem,
  Account,
  AccountSession,
  OidcAccount,
  AuditEvent,
  AuditChainHead,
  ReferenceVersion,
  Referendum,
  ReferendumOption,
  ReferendumEligibleVoter,
  ReferendumParticipation,
  ReferendumBallot,
  BudgetProposal,
  ProposalDecision,
  ProjectImplementation,
  ProjectMilestone,
  BudgetProcess,
  BallotVoter,
  VoterRegisterEntry,
  ApiKey,
  ServiceDefinition,
  Open311Request,
  Webhook,
  WebhookDelivery,
  ...emailEntities,
  CaseSupport,
  KbArticle,
  KbArticleVersion,
];
