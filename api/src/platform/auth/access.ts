import type { GraphQLSchema } from 'graphql';
import type { Role } from '@ratusz/shared';
import { Authorized, Extensions, type AuthCheckerFn } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { forbiddenError, unauthenticatedError } from './viewer';

/**
 * Access rule of an operation: everyone (`PUBLIC`), any signed-in viewer (`SIGNED_IN`), or viewers
 * holding at least one of the listed roles.
 */
export type AccessRule = 'PUBLIC' | 'SIGNED_IN' | readonly Exclude<Role, 'PUBLIC'>[];

/** Name of the field extension that carries an operation's `AccessRule` in the built schema. */
export const ACCESS_EXTENSION = 'access';

/**
 * Declares who may call a query, mutation or subscription. The rule is stored as a field
 * extension, so `listOperationAccess` can find it in the schema, and everything except PUBLIC is
 * enforced through type-graphql's `@Authorized` and `authChecker` below.
 */
export function Access(rule: AccessRule): MethodDecorator {
  if (Array.isArray(rule) && rule.length === 0) {
    throw new Error('Access needs at least one role: use SIGNED_IN for any signed-in viewer.');
  }
  const extension = Extensions({ [ACCESS_EXTENSION]: rule });
  if (rule === 'PUBLIC') {
    return extension as MethodDecorator;
  }
  const authorized = rule === 'SIGNED_IN' ? Authorized() : Authorized<Role>([...(rule as Role[])]);

  return (target, property, descriptor) => {
    (extension as MethodDecorator)(target, property, descriptor);
    (authorized as MethodDecorator)(target, property, descriptor);
  };
}

/**
 * Checks `@Authorized` declarations against the request's viewer. An empty role list means any
 * signed-in viewer; otherwise the viewer needs one of the roles. ADMINISTRATOR grants nothing
 * beyond the operations that list it.
 */
export const authChecker: AuthCheckerFn<RequestContext, Role> = ({ context, info }, roles) => {
  const viewer = context.viewer;
  if (viewer.id === null) {
    throw unauthenticatedError(`Sign in to use ${info.fieldName}: send \`Authorization: Bearer <token>\`.`);
  }
  if (viewer.source === 'api-key') {
    // An application viewer has the PUBLIC role only, so it passes no role check, and no
    // SIGNED_IN check either, because those operations act on the caller's own account.
    throw forbiddenError(`${info.fieldName} is not open to API keys, which give public access only: call it as a signed-in account with \`Authorization: Bearer <token>\`.`);
  }
  if (roles.length === 0 || roles.some((role) => viewer.roles.includes(role))) {
    return true;
  }
  throw forbiddenError(`${info.fieldName} needs one of the roles ${roles.join(', ')}; this account has ${viewer.roles.join(', ')}.`);
};

/** One root field of the schema with the access rule declared on it, or null when undeclared. */
export type OperationAccess = {
  operationType: 'query' | 'mutation' | 'subscription';
  field: string;
  access: AccessRule | null;
};

/** Lists every Query, Mutation and Subscription field of `schema` with its declared access rule. */
export function listOperationAccess(schema: GraphQLSchema): OperationAccess[] {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const;
  const operations: OperationAccess[] = [];
  for (const [operationType, type] of roots) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const rule = field.extensions?.[ACCESS_EXTENSION] as AccessRule | undefined;
      operations.push({ operationType, field: field.name, access: rule ?? null });
    }
  }

  return operations;
}
