import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { GraphQLError } from 'graphql';
import type { RequestContext } from '../../platform/graphql/context';
import { chargeRecount } from '../../platform/graphql/recount-limit';
import { ConsultationNode } from './consultation.types';
import { consultationOpinionGroups } from './opinion-groups.service';
import { OpinionGroups, toOpinionGroups } from './opinion-groups.types';

@Resolver(() => ConsultationNode)
export class OpinionGroupsResolver {
  // NOTE: the groups are computed on each request, with an exact silhouette that costs
  // O(participants^2). Cache them per vote count before a page lists many consultations.
  @FieldResolver(() => OpinionGroups, {
    nullable: true,
    description:
      'Opinion groups of the participants, computed from their current votes; null while the results policy hides counts.',
  })
  async opinionGroups(
    @Root() consultation: ConsultationNode,
    @Arg('seed', () => Int, {
      defaultValue: 1,
      description:
        'Seed of the k-means start, 0 or more; the same seed and votes give the same groups.',
    })
    seed: number,
    @Ctx() ctx: RequestContext,
  ): Promise<OpinionGroups | null> {
    if (seed < 0) {
      throw new GraphQLError(`Invalid seed ${seed}: pass an integer of 0 or more.`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    // Group sizes, shares and the excluded count are counts, so the results policy applies.
    if (!consultation.resultsVisible) {
      return null;
    }
    chargeRecount(ctx, 'opinionGroups');
    const result = await consultationOpinionGroups(ctx.em, consultation.id, {
      seed,
      minGroupSize: ctx.config.minAggregateCount,
    });

    return toOpinionGroups(result);
  }
}
