import {
  Field,
  GraphQLISODateTime,
  ID,
  InputType,
  Int,
  ObjectType,
  registerEnumType,
} from 'type-graphql';
import type { AttributeDatatype, ServiceType } from '@ratusz/shared';
import { ConnectionType } from '../../platform/graphql/connection';
import { UserError } from '../../platform/graphql/user-error';
import { CategoryNode } from '../cases/case.types';

/** GraphQL names of the Open311 service types; the values are the Open311 spellings. */
export const ServiceTypeEnum = {
  REALTIME: 'realtime',
  BATCH: 'batch',
  BLACKBOX: 'blackbox',
} as const;
/** GraphQL names of the Open311 attribute datatypes; the values are the Open311 spellings. */
export const AttributeDatatypeEnum = {
  STRING: 'string',
  NUMBER: 'number',
  DATETIME: 'datetime',
  TEXT: 'text',
  SINGLE_VALUE_LIST: 'singlevaluelist',
  MULTI_VALUE_LIST: 'multivaluelist',
} as const;

registerEnumType(ServiceTypeEnum, {
  name: 'ServiceType',
  description: 'What an Open311 POST of this service returns.',
  valuesConfig: {
    REALTIME: { description: 'The request id, at once.' },
    BATCH: { description: 'A token that the client exchanges for the id later.' },
    BLACKBOX: { description: 'Neither an id nor a token.' },
  },
});
registerEnumType(AttributeDatatypeEnum, {
  name: 'AttributeDatatype',
  description: 'Kind of answer an Open311 attribute takes.',
  valuesConfig: {
    STRING: { description: 'One line of text, at most 500 characters.' },
    NUMBER: { description: 'A decimal number.' },
    DATETIME: { description: 'An ISO 8601 datetime with a time zone.' },
    TEXT: { description: 'Text with line breaks, at most 4000 characters.' },
    SINGLE_VALUE_LIST: { description: 'One key from the values.' },
    MULTI_VALUE_LIST: { description: 'One or more keys from the values.' },
  },
});

@ObjectType('AttributeValue', { description: 'One option of a list attribute.' })
@InputType('AttributeValueInput', { description: 'One option of a list attribute.' })
export class AttributeValueNode {
  @Field(() => String, { description: 'Value submitted by clients.' })
  key!: string;

  @Field(() => String, { description: 'Label shown to residents.' })
  name!: string;
}

@ObjectType('ServiceAttribute', {
  description: 'One question of a service definition (an Open311 attribute).',
})
@InputType('ServiceAttributeInput', {
  description: 'One question of a service definition (an Open311 attribute).',
})
export class ServiceAttributeNode {
  @Field(() => String, { description: 'Code that clients post the answer under.' })
  code!: string;

  @Field(() => Boolean, { description: 'False for informational text that takes no answer.' })
  variable!: boolean;

  @Field(() => AttributeDatatypeEnum, { description: 'Kind of answer.' })
  datatype!: AttributeDatatype;

  @Field(() => Boolean, { description: 'Whether a request must answer it.' })
  required!: boolean;

  @Field(() => String, { nullable: true, description: 'Hint for the input, such as a unit.' })
  datatypeDescription!: string | null;

  @Field(() => Int, { description: 'Position in the form, from 1, unique within the service.' })
  order!: number;

  @Field(() => String, { description: 'The question shown to residents.' })
  description!: string;

  @Field(() => [AttributeValueNode], {
    description: 'Options of list attributes; empty for others.',
  })
  values!: AttributeValueNode[];
}

@ObjectType('ServiceDefinition', {
  description: 'One version of the Open311 definition of a service.',
})
export class ServiceDefinitionNode {
  @Field(() => ID, { description: 'Identifier of this version.' })
  id!: string;

  @Field(() => CategoryNode, { description: 'Category whose code is the Open311 service_code.' })
  category!: CategoryNode;

  @Field(() => String, { description: 'Open311 service_code, an opaque string.' })
  serviceCode!: string;

  @Field(() => Int, { description: 'Version number, 1 for the first definition.' })
  version!: number;

  @Field(() => String, { description: 'Service name.' })
  name!: string;

  @Field(() => String, { description: 'Short description.' })
  description!: string;

  @Field(() => String, { nullable: true, description: 'Group the service is listed under.' })
  group!: string | null;

  @Field(() => [String], { description: 'Synonyms and tags.' })
  keywords!: string[];

  @Field(() => ServiceTypeEnum, { description: 'What an Open311 POST returns.' })
  type!: ServiceType;

  @Field(() => String, { nullable: true, description: 'What the city will do with a request.' })
  serviceNotice!: string | null;

  @Field(() => [ServiceAttributeNode], { description: 'Questions, in order.' })
  attributes!: ServiceAttributeNode[];

  @Field(() => Boolean, { description: 'Whether the service is retired and accepts no requests.' })
  retired!: boolean;

  @Field(() => GraphQLISODateTime, { description: 'Time this version was saved.' })
  createdAt!: Date;
}

@ObjectType({ description: 'A page of service definitions.' })
export class ServiceDefinitionConnection extends ConnectionType(
  ServiceDefinitionNode,
  'ServiceDefinition',
) {}

@InputType({ description: 'Fields of a service definition; an update replaces all of them.' })
export class ServiceFieldsInput {
  @Field(() => String, { description: 'Service name, 1 to 200 characters.' })
  name!: string;

  @Field(() => String, { description: 'Short description, 1 to 4000 characters.' })
  description!: string;

  @Field(() => String, { nullable: true, description: 'Group the service is listed under.' })
  group?: string | null;

  @Field(() => [String], { nullable: true, description: 'Synonyms and tags, without commas.' })
  keywords?: string[] | null;

  @Field(() => ServiceTypeEnum, { description: 'What an Open311 POST returns.' })
  type!: ServiceType;

  @Field(() => String, { nullable: true, description: 'What the city will do with a request.' })
  serviceNotice?: string | null;

  @Field(() => [ServiceAttributeNode], { nullable: true, description: 'Questions of the service.' })
  attributes?: ServiceAttributeNode[] | null;
}

@InputType({ description: 'A new service in the catalogue of a jurisdiction.' })
export class CreateServiceInput extends ServiceFieldsInput {
  @Field(() => ID, { description: 'Jurisdiction that offers the service.' })
  jurisdictionId!: string;

  @Field(() => String, {
    description:
      'Open311 service_code: 1 to 120 letters, digits, _, . or -; an existing category code adopts the definition.',
  })
  serviceCode!: string;
}

@InputType({ description: 'A new version of an existing service.' })
export class UpdateServiceInput extends ServiceFieldsInput {
  @Field(() => ID, { description: 'Category of the service.' })
  categoryId!: string;
}

@InputType({ description: 'A service to retire.' })
export class RetireServiceInput {
  @Field(() => ID, { description: 'Category of the service.' })
  categoryId!: string;
}

@ObjectType({ description: 'Result of a catalogue change.' })
export class ServiceDefinitionPayload {
  @Field(() => ServiceDefinitionNode, {
    nullable: true,
    description: 'The new current version; null on errors.',
  })
  definition!: ServiceDefinitionNode | null;

  @Field(() => [UserError], { description: 'Problems with the input; empty on success.' })
  errors!: UserError[];
}
