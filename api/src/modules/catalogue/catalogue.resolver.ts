import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, pageWindow, toConnection } from '../../platform/graphql/connection';
import type { RequestContext } from '../../platform/graphql/context';
import { assertIds } from '../cases/case.errors';
import { scopedNode } from '../cases/case.mapper';
import {
  createService,
  currentDefinitions,
  retireService,
  updateService,
  type CatalogueResult,
} from './catalogue.service';
import type { ServiceDefinition } from './service-definition.entity';
import {
  CreateServiceInput,
  RetireServiceInput,
  ServiceDefinitionConnection,
  ServiceDefinitionNode,
  ServiceDefinitionPayload,
  UpdateServiceInput,
} from './catalogue.types';
import { Access } from '../../platform/auth/access';

function definitionNode(entity: ServiceDefinition): ServiceDefinitionNode {
  return {
    id: entity.id,
    category: scopedNode(entity.category),
    serviceCode: entity.category.code,
    version: entity.version,
    name: entity.name,
    description: entity.description,
    group: entity.serviceGroup ?? null,
    keywords: entity.keywords,
    type: entity.type,
    serviceNotice: entity.serviceNotice ?? null,
    attributes: entity.attributes,
    retired: entity.retired,
    createdAt: entity.createdAt,
  };
}

async function payload(
  ctx: RequestContext,
  result: CatalogueResult,
): Promise<ServiceDefinitionPayload> {
  if (result.definition) {
    await ctx.em.populate(result.definition, ['category.jurisdiction']);
  }

  return {
    definition: result.definition && definitionNode(result.definition),
    errors: result.errors,
  };
}

@Resolver()
export class CatalogueResolver {
  @Query(() => ServiceDefinitionConnection, {
    description: 'Current definitions of the services of a jurisdiction, in service code order.',
  })
  @Access('PUBLIC')
  async serviceCatalogue(
    @Arg('jurisdictionId', () => ID, { description: 'Jurisdiction of the services.' })
    jurisdictionId: string,
    @Arg('includeRetired', () => Boolean, {
      defaultValue: false,
      description: 'Whether to list retired services too.',
    })
    includeRetired: boolean,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceDefinitionConnection> {
    assertIds('jurisdictionId', [jurisdictionId]);
    const window = pageWindow(args);
    const all = await currentDefinitions(ctx.em, jurisdictionId, includeRetired);
    const page = all.slice(window.offset, window.offset + window.limit);
    await ctx.em.populate(page, ['category.jurisdiction']);
    const connection = toConnection(page.map(definitionNode), window, all.length);

    return connection;
  }

  @Mutation(() => ServiceDefinitionPayload, { description: 'Adds a service to the catalogue.' })
  @Access(['ADMINISTRATOR'])
  async createService(
    @Arg('input', () => CreateServiceInput, { description: 'The service.' })
    input: CreateServiceInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceDefinitionPayload> {
    return payload(ctx, await createService(ctx.em, input));
  }

  @Mutation(() => ServiceDefinitionPayload, {
    description: 'Saves a new version of a service; requests filed earlier keep their version.',
  })
  @Access(['ADMINISTRATOR'])
  async updateService(
    @Arg('input', () => UpdateServiceInput, { description: 'The service and its new fields.' })
    input: UpdateServiceInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceDefinitionPayload> {
    return payload(ctx, await updateService(ctx.em, input));
  }

  @Mutation(() => ServiceDefinitionPayload, {
    description: 'Retires a service: it leaves the Open311 list and accepts no new requests.',
  })
  @Access(['ADMINISTRATOR'])
  async retireService(
    @Arg('input', () => RetireServiceInput, { description: 'The service to retire.' })
    input: RetireServiceInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceDefinitionPayload> {
    return payload(ctx, await retireService(ctx.em, input.categoryId));
  }
}
