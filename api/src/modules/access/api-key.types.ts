import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../platform/graphql/connection';
import { UserError } from '../../platform/graphql/user-error';

@ObjectType('ApiKey', { description: 'A key that a third-party application uses to call the API.' })
export class ApiKeyNode {
  @Field(() => ID, { description: 'Identifier of the key.' })
  id!: string;

  @Field(() => String, { description: 'Name of the application or its owner.' })
  name!: string;

  @Field(() => String, { description: 'First characters of the secret, to tell keys apart.' })
  prefix!: string;

  @Field(() => [String], {
    description: 'Operations the key may perform, such as open311:write or graphql.',
  })
  scopes!: string[];

  @Field(() => Int, {
    nullable: true,
    description: 'Requests per minute the key may send; null for no limit.',
  })
  rateLimitPerMinute!: number | null;

  @Field(() => GraphQLISODateTime, { description: 'Creation time.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Time of the last secret rotation.',
  })
  rotatedAt!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Revocation time; null while the key works.',
  })
  revokedAt!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Time of the last successful use, to the minute.',
  })
  lastUsedAt!: Date | null;
}

@ObjectType({ description: 'A page of API keys.' })
export class ApiKeyConnection extends ConnectionType(ApiKeyNode, 'ApiKey') {}

@InputType({ description: 'A new API key.' })
export class CreateApiKeyInput {
  @Field(() => String, {
    description: 'Name of the application or its owner, 1 to 200 characters.',
  })
  name!: string;

  @Field(() => [String], { description: 'Operations the key may perform: open311:write, graphql.' })
  scopes!: string[];

  @Field(() => Int, {
    nullable: true,
    description: 'Requests per minute the key may send, from 1 to 100000; 600 when omitted.',
  })
  rateLimitPerMinute?: number | null;
}

@InputType({ description: 'An existing API key.' })
export class ApiKeyIdInput {
  @Field(() => ID, { description: 'Identifier of the key.' })
  id!: string;
}

@ObjectType({ description: 'Result of creating, rotating or revoking an API key.' })
export class ApiKeyPayload {
  @Field(() => ApiKeyNode, {
    nullable: true,
    description: 'The key after the change; null on errors.',
  })
  apiKey!: ApiKeyNode | null;

  @Field(() => String, {
    nullable: true,
    description: 'The secret, returned once after creation or rotation and never again.',
  })
  secret!: string | null;

  @Field(() => [UserError], { description: 'Problems with the input; empty on success.' })
  errors!: UserError[];
}
