import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Access } from '../../platform/auth/access';
import { ConnectionArgs, pageWindow } from '../../platform/graphql/connection';
import type { RequestContext } from '../../platform/graphql/context';
import {
  readCaseReporterDetails,
  readTextAnswers,
  type PersonalDataAccessReason,
} from './personal-data-read';
import { erasePersonalData, exportPersonalData } from './privacy.service';
import {
  CaseReporterDetailsPayload,
  ErasePersonalDataInput,
  ErasePersonalDataPayload,
  PersonalDataAccessReasonEnum,
  PersonalDataExportPayload,
  PersonInput,
  QuestionnaireTextAnswersPayload,
} from './privacy.types';

@Resolver()
export class PrivacyResolver {
  @Query(() => PersonalDataExportPayload, {
    description:
      "Exports everything stored about a person as JSON. A resident exports their own data; an administrator exports anyone's on their request. Each export is recorded in the audit log.",
  })
  @Access(['RESIDENT', 'ADMINISTRATOR'])
  async personalDataExport(
    @Arg('person', () => PersonInput, { description: 'The person; a resident may leave it empty.' })
    person: PersonInput,
    @Ctx() ctx: RequestContext,
  ): Promise<PersonalDataExportPayload> {
    const { data, errors } = await exportPersonalData(ctx.em, ctx.config, ctx.viewer, person);
    ctx.logger.info({ actorId: ctx.viewer.id, exported: data !== null }, 'personal data export');

    return { data, errors };
  }

  @Mutation(() => ErasePersonalDataPayload, {
    description:
      "Erases a person's personal data in one transaction: names, contacts, free text and account identifiers are removed or replaced, while counts, tallies and the audit chain stay valid. A resident erases their own data and can no longer sign in; an administrator erases anyone's on their request.",
  })
  @Access(['RESIDENT', 'ADMINISTRATOR'])
  async erasePersonalData(
    @Arg('input', () => ErasePersonalDataInput, { description: 'The person and the confirmation.' })
    input: ErasePersonalDataInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ErasePersonalDataPayload> {
    const { counts, errors } = await erasePersonalData(ctx.em, ctx.config, ctx.viewer, input);
    ctx.logger.info({ actorId: ctx.viewer.id, erased: counts !== null }, 'personal data erasure');

    return { erased: counts, errors };
  }

  @Query(() => CaseReporterDetailsPayload, {
    description:
      'STAFF ONLY. Details the resident gave when reporting a case: description, e-mail contact and Open311 details. Only staff of the department whose queue contains the case may read them, and each read is recorded in the audit log.',
  })
  @Access(['AGENT', 'DEPARTMENT_MANAGER'])
  async caseReporterDetails(
    @Arg('caseId', () => ID, { description: 'Id of the case.' }) caseId: string,
    @Arg('reason', () => PersonalDataAccessReasonEnum, {
      nullable: true,
      description: 'Reason for the read, recorded in the audit log.',
    })
    reason: PersonalDataAccessReason | null,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseReporterDetailsPayload> {
    return readCaseReporterDetails(ctx.em, ctx.viewer, caseId, reason ?? null);
  }

  @Query(() => QuestionnaireTextAnswersPayload, {
    description:
      'STAFF ONLY. Answers to one text question of a consultation, one per submission, oldest first. Free text can identify a person, so each answer returned is recorded in the audit log.',
  })
  @Access(['DECISION_MAKER', 'ADMINISTRATOR'])
  async questionnaireTextAnswers(
    @Arg('consultationId', () => ID, { description: 'Id of the consultation.' })
    consultationId: string,
    @Arg('questionCode', () => String, {
      description: 'Code of a SHORT_TEXT or LONG_TEXT question.',
    })
    questionCode: string,
    @Arg('reason', () => PersonalDataAccessReasonEnum, {
      nullable: true,
      description: 'Reason for the read, recorded in the audit log.',
    })
    reason: PersonalDataAccessReason | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<QuestionnaireTextAnswersPayload> {
    return readTextAnswers(
      ctx.em,
      ctx.viewer,
      { consultationId, questionCode, reason: reason ?? null },
      pageWindow(args),
    );
  }
}
