import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context';
import {
  advanceConsultationPhase,
  createDraftConsultation,
  setDistrictPopulations,
  updateConsultationSettings,
  type ConsultationOutcome,
} from './consultation-phase';
import {
  AdvanceConsultationPhaseInput,
  ConsultationPayload,
  CreateConsultationInput,
  SetDistrictPopulationsInput,
  UpdateConsultationInput,
} from './consultation-phase.types';
import { toConsultationNode } from './consultation.types';
import { Access } from '../../platform/auth/access';

function toPayload(outcome: ConsultationOutcome): ConsultationPayload {
  return outcome.ok
    ? { consultation: toConsultationNode(outcome.consultation), errors: [] }
    : { consultation: null, errors: outcome.errors };
}

@Resolver()
export class ConsultationPhaseResolver {
  @Mutation(() => ConsultationPayload, {
    description: 'Creates a consultation in the DRAFT phase.',
  })
  @Access(['ADMINISTRATOR', 'DEPARTMENT_MANAGER'])
  async createConsultation(
    @Arg('input', () => CreateConsultationInput, { description: 'Settings of the consultation.' })
    input: CreateConsultationInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ConsultationPayload> {
    return toPayload(await createDraftConsultation(ctx.em, { ...input }));
  }

  @Mutation(() => ConsultationPayload, {
    description: 'Changes the settings of a DRAFT consultation; they are fixed once it opens.',
  })
  @Access(['ADMINISTRATOR', 'DEPARTMENT_MANAGER'])
  async updateConsultation(
    @Arg('input', () => UpdateConsultationInput, { description: 'The new settings.' })
    input: UpdateConsultationInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ConsultationPayload> {
    const { consultationId, ...settings } = input;

    return toPayload(await updateConsultationSettings(ctx.em, consultationId, settings));
  }

  @Mutation(() => ConsultationPayload, {
    description:
      'Moves a consultation to a later phase, publishing its results to subscribers when the policy then shows them.',
  })
  @Access(['ADMINISTRATOR', 'DEPARTMENT_MANAGER'])
  async advanceConsultationPhase(
    @Arg('input', () => AdvanceConsultationPhaseInput, { description: 'The phase to move to.' })
    input: AdvanceConsultationPhaseInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ConsultationPayload> {
    return toPayload(await advanceConsultationPhase(ctx, input.consultationId, input.phase));
  }

  @Mutation(() => ConsultationPayload, {
    description: 'Replaces the district populations used for turnout and the margin of error.',
  })
  @Access(['ADMINISTRATOR'])
  async setDistrictPopulations(
    @Arg('input', () => SetDistrictPopulationsInput, { description: 'The populations.' })
    input: SetDistrictPopulationsInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ConsultationPayload> {
    return toPayload(await setDistrictPopulations(ctx.em, input.consultationId, input.populations));
  }
}
