import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context';
import { userError } from '../../platform/graphql/user-error';
import { isRecordId } from '../../platform/ids';
import { editionNotFound } from './ballot.errors';
import { BudgetEdition } from './budget-edition.entity';
import { advanceEditionPhase, advanceProcessPhase, isEmbargoed } from './budget-lifecycle';
import {
  AdvanceBudgetPhaseInput,
  AdvanceBudgetPhasePayload,
  AdvanceBudgetProcessPhaseInput,
  AdvanceBudgetProcessPhasePayload,
  ChannelTally,
  CreateBudgetProcessInput,
  CreateBudgetProcessPayload,
  ImportVoterRegisterPayload,
  RevealedBallotSet,
} from './budget-lifecycle.types';
import { BudgetProcess } from './budget-process.entity';
import { BudgetService } from './budget.service';
import { importVoterRegister } from './voter-register';
import { Access } from '../../platform/auth/access';

const CURRENCY_CODE = /^[A-Z]{3}$/;

function serviceOf(ctx: RequestContext): BudgetService {
  return new BudgetService(ctx.em, { hashKey: ctx.config.hashKey, events: ctx.events });
}

/**
 * Phases, processes, voter registers, the channel split and the revealed ballot set of
 * participatory budgets.
 */
@Resolver(() => BudgetEdition)
export class BudgetLifecycleResolver {
  @Mutation(() => AdvanceBudgetPhasePayload, {
    description:
      'Moves an edition to its next phase. Leaving VOTING publishes the SHA-256 commitment of the ballot set and tally.',
  })
  @Access(['ADMINISTRATOR'])
  async advanceBudgetPhase(
    @Arg('input', () => AdvanceBudgetPhaseInput, { description: 'Edition and optional schedule.' })
    input: AdvanceBudgetPhaseInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AdvanceBudgetPhasePayload> {
    if (!isRecordId(input.editionId)) {
      const { code, message, field } = editionNotFound(input.editionId);

      return { edition: null, errors: [userError(code, message, field)] };
    }
    const result = await advanceEditionPhase(
      ctx.em,
      input.editionId,
      input.expectedPhase ?? null,
      { votingClosesAt: input.votingClosesAt, resultsPublishAt: input.resultsPublishAt },
      new Date(),
    );
    if ('error' in result) {
      const { code, message, field } = result.error;

      return { edition: null, errors: [userError(code, message, field)] };
    }

    return { edition: result.edition, errors: [] };
  }

  @Mutation(() => AdvanceBudgetProcessPhasePayload, {
    description:
      'Moves every edition of a process (the city-wide budget and its districts) to the next phase in one step; they must share a phase.',
  })
  @Access(['ADMINISTRATOR'])
  async advanceBudgetProcessPhase(
    @Arg('input', () => AdvanceBudgetProcessPhaseInput, { description: 'Process and optional schedule.' })
    input: AdvanceBudgetProcessPhaseInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AdvanceBudgetProcessPhasePayload> {
    const process = isRecordId(input.processId) ? await ctx.em.findOne(BudgetProcess, input.processId) : null;
    const result = process
      ? await advanceProcessPhase(
          ctx.em,
          process.id,
          input.expectedPhase ?? null,
          { votingClosesAt: input.votingClosesAt, resultsPublishAt: input.resultsPublishAt },
          new Date(),
        )
      : null;
    if (!result || 'error' in result) {
      const error = result?.error;
      const failure = error
        ? userError(error.code, error.message, error.field)
        : userError('PROCESS_NOT_FOUND', `Budget process ${input.processId} does not exist: pass the id that createBudgetProcess returned.`, ['processId']);

      return { process: null, phase: null, errors: [failure] };
    }

    return { process, phase: result.editions[0]!.phase, errors: [] };
  }

  @Mutation(() => CreateBudgetProcessPayload, {
    description: 'Creates the budget of a city for one year, which its editions can join.',
  })
  @Access(['ADMINISTRATOR'])
  async createBudgetProcess(
    @Arg('input', () => CreateBudgetProcessInput, { description: 'Facts of the process.' })
    input: CreateBudgetProcessInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CreateBudgetProcessPayload> {
    const errors = [];
    if (!input.name.trim()) {
      errors.push(userError('INVALID_NAME', 'The name is empty: give a name such as "Warszawa 2026".', ['name']));
    }
    if (!CURRENCY_CODE.test(input.currency)) {
      errors.push(
        userError('INVALID_CURRENCY', `Currency "${input.currency}" is not an ISO 4217 code: use three capital letters such as PLN.`, [
          'currency',
        ]),
      );
    }
    if (input.minimumAge != null && (input.minimumAge < 0 || input.minimumAge > 120)) {
      errors.push(
        userError('INVALID_MINIMUM_AGE', `Minimum age ${input.minimumAge} is out of range: use 0 to 120 years.`, [
          'minimumAge',
        ]),
      );
    }
    if (errors.length > 0) {
      return { process: null, errors };
    }
    try {
      return { process: await serviceOf(ctx).createProcess(input), errors: [] };
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) {
        throw error;
      }

      return {
        process: null,
        errors: [
          userError(
            'PROCESS_EXISTS',
            `${input.unit} already has a budget process for ${input.year}: add editions to that process.`,
            ['year'],
          ),
        ],
      };
    }
  }

  @Mutation(() => ImportVoterRegisterPayload, {
    description:
      'Replaces the voter register of a process with a census CSV (personal_id, birth_date as YYYY-MM-DD, district). Personal ids are stored only as keyed hashes.',
  })
  @Access(['ADMINISTRATOR'])
  async importVoterRegister(
    @Arg('processId', () => ID, { description: 'Process the register is for.' }) processId: string,
    @Arg('csv', () => String, { description: 'Census file contents, UTF-8 CSV with a header row.' }) csv: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ImportVoterRegisterPayload> {
    const process = isRecordId(processId) ? await ctx.em.findOne(BudgetProcess, processId) : null;
    if (!process) {
      return {
        imported: 0,
        errors: [userError('PROCESS_NOT_FOUND', `Budget process ${processId} does not exist: pass the id that createBudgetProcess returned.`, ['processId'])],
      };
    }
    const service = serviceOf(ctx);
    const result = await importVoterRegister(ctx.em, process, csv, (id) => service.registerHash(process.id, id));

    return {
      imported: result.imported,
      errors: result.errors.map((error) => userError(error.code, error.message, error.field)),
    };
  }

  @Query(() => RevealedBallotSet, {
    nullable: true,
    description:
      'The anonymous ballot set and tally of an edition in canonical form; null until voting has closed and any embargo has ended.',
  })
  @Access('PUBLIC')
  budgetBallotSet(
    @Arg('editionId', () => ID, { description: 'Identifier of the edition.' }) editionId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<RevealedBallotSet | null> {
    return serviceOf(ctx).revealBallotSet(editionId);
  }

  @FieldResolver(() => [ChannelTally], {
    nullable: true,
    description: 'Ballots, votes and points per channel (internet, paper, import); null while the edition is under embargo.',
  })
  async tallyByChannel(@Root() edition: BudgetEdition, @Ctx() ctx: RequestContext): Promise<ChannelTally[] | null> {
    if (isEmbargoed(edition, new Date())) {
      return null;
    }

    return serviceOf(ctx).tallyByChannel(edition.id, ctx.config.minAggregateCount);
  }
}
