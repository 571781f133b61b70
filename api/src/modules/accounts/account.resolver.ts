import { GraphQLError } from 'graphql';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Access } from '../../platform/auth/access';
import type { RequestContext } from '../../platform/graphql/context';
import { userError } from '../../platform/graphql/user-error';
import { isRecordId } from '../../platform/ids';
import {
  accountViewer,
  createAccount,
  loginHash,
  revokeSession,
  setAccountRoles,
  setVerificationLevel,
  signIn,
} from './account.service';
import {
  AccountPayload,
  CreateAccountInput,
  SetAccountRolesInput,
  SetAccountVerificationLevelInput,
  SignInInput,
  SignInPayload,
  SignOutPayload,
  toAccountNode,
  toViewerNode,
  ViewerNode,
} from './account.types';

/** Error for a client over a rate limit; Apollo turns `http` into the response status and headers. */
function rateLimitedError(retryAfterSeconds: number): GraphQLError {
  const headers = new Map([['retry-after', String(retryAfterSeconds)]]);

  return new GraphQLError(`Too many sign-in attempts: retry in ${retryAfterSeconds} seconds.`, {
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds, http: { status: 429, headers } },
  });
}

@Resolver()
export class AccountResolver {
  @Query(() => ViewerNode, { description: 'Who sent this request: anonymous, or a signed-in account with its roles.' })
  @Access('PUBLIC')
  viewer(@Ctx() ctx: RequestContext): ViewerNode {
    return toViewerNode(ctx.viewer);
  }

  @Mutation(() => SignInPayload, {
    description: 'Signs in to a local account and returns a session token. Attempts are rate-limited per account and per address.',
  })
  @Access('PUBLIC')
  async signIn(
    @Arg('input', () => SignInInput, { description: 'Login and password.' }) input: SignInInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SignInPayload> {
    const accountKey = loginHash(ctx.config, input.login);
    const retryAfter = await ctx.rateLimits.consumeSignIn(accountKey, ctx.clientAddress);
    if (retryAfter !== null) {
      ctx.logger.warn({ retryAfter }, 'sign-in rate limit reached');
      throw rateLimitedError(retryAfter);
    }

    const result = await signIn(ctx.em, ctx.config, input.login, input.password);
    if (!result.ok) {
      return { token: null, expiresAt: null, viewer: null, errors: [result.error] };
    }
    await ctx.rateLimits.resetSignIn(accountKey);
    ctx.logger.info({ accountId: result.session.account.id, sessionId: result.session.id }, 'signed in');

    return {
      token: result.token,
      expiresAt: result.session.expiresAt,
      viewer: toViewerNode(accountViewer(result.session.account, result.session.id)),
      errors: [],
    };
  }

  @Mutation(() => SignOutPayload, { description: 'Revokes the session token this request was sent with.' })
  @Access('SIGNED_IN')
  async signOut(@Ctx() ctx: RequestContext): Promise<SignOutPayload> {
    if (!ctx.viewer.sessionId) {
      return {
        revoked: false,
        errors: [userError('NOT_A_SESSION', 'This request used an OIDC token, which only its issuer can revoke: sign out there.')],
      };
    }
    await revokeSession(ctx.em, ctx.viewer.sessionId, ctx.viewer.id);
    // This process closes the session's WebSockets now; other processes close theirs when the
    // committed change reaches them on the bus (see `AccessChangeSubscriber`).
    ctx.socketSessions?.endSession(ctx.viewer.sessionId);

    return { revoked: true, errors: [] };
  }

  @Mutation(() => AccountPayload, { description: 'Creates a local account.' })
  @Access(['ADMINISTRATOR'])
  async createAccount(
    @Arg('input', () => CreateAccountInput, { description: 'The new account.' }) input: CreateAccountInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AccountPayload> {
    const { account, errors } = await createAccount(ctx.em, ctx.config, input, ctx.viewer.id);

    return { account: account ? toAccountNode(account) : null, errors };
  }

  @Mutation(() => AccountPayload, {
    description:
      "Replaces an account's roles and department. The account's open WebSockets close with code 4403, so its subscriptions restart with the new access. Removing ADMINISTRATOR from the last enabled administrator is rejected.",
  })
  @Access(['ADMINISTRATOR'])
  async setAccountRoles(
    @Arg('input', () => SetAccountRolesInput, { description: 'Account, roles and department.' }) input: SetAccountRolesInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AccountPayload> {
    if (!isRecordId(input.accountId)) {
      return { account: null, errors: [userError('NOT_FOUND', `No account has id ${input.accountId}: account ids are UUIDs.`, ['accountId'])] };
    }
    const { account, errors } = await setAccountRoles(ctx.em, input, ctx.viewer.id);
    if (!account) {
      return { account: null, errors };
    }
    // The committed account update is announced on the bus, so every API process rechecks the
    // account's WebSockets and closes them with 4403.
    ctx.logger.info({ accountId: account.id, roles: account.roles }, 'account roles changed');

    return { account: toAccountNode(account), errors: [] };
  }

  @Mutation(() => AccountPayload, { description: "Sets or clears a resident account's verification level." })
  @Access(['ADMINISTRATOR'])
  async setAccountVerificationLevel(
    @Arg('input', () => SetAccountVerificationLevelInput, { description: 'Account and level.' }) input: SetAccountVerificationLevelInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AccountPayload> {
    const account = isRecordId(input.accountId)
      ? await setVerificationLevel(ctx.em, input.accountId, input.level, ctx.viewer.id)
      : null;
    if (!account) {
      return { account: null, errors: [userError('NOT_FOUND', `No account has id ${input.accountId}.`, ['accountId'])] };
    }

    return { account: toAccountNode(account), errors: [] };
  }
}
