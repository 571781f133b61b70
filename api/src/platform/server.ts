import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EntityManager } from '@mikro-orm/core';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, NoSchemaIntrospectionCustomRule, type ExecutionResult, type GraphQLSchema, type ValidationRule } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { authenticate, type Credentials } from './auth/authenticate';
import { createOidcVerifier } from './auth/oidc';
import type { Viewer } from './auth/viewer';
import type { Config } from './config';
import { openDatabase, pingDatabase, type Orm } from './database';
import type { RequestContext } from './graphql/context';
import { formatError, requestLoggingPlugin, subscriptionsOverHttpPlugin } from './graphql/errors';
import { admitEach, createSocketSessions, type SocketSessions } from './graphql/socket-sessions';
import { announceAccessChanges } from './auth/access-changes';
import { validateSubscription } from './graphql/subscription-validation';
import { unstorableTextPlugin } from './graphql/text-input';
import { createSchema } from './graphql/schema';
import { API_VERSION } from './graphql/server-info.resolver';
import { handleGraphQLRequest, sendJson } from './http';
import type { Logger } from './logger';
import { LIVE_TOPICS } from '@ratusz/shared';
import { errorForLog } from './orm-logger';
import { createEventBus, type EventBus } from './pubsub';
import { addressMatcher, clientAddress, createRateLimits, type RateLimits } from './rate-limit';
import { startDeadlineChecker } from '../modules/cases/case-deadline.service';
import { startWebhookWorker, webhookDeliverySettings } from '../modules/webhooks/webhook-worker';
import { handleOpen311Request } from '../modules/open311/open311.router';
import { smtpSender, startEmailOutboxWorker } from '../modules/email/email-outbox';
import { handleInboundEmail, INBOUND_EMAIL_PATH } from '../modules/email/inbound-email';
import { startConsultationScheduleWatcher } from '../modules/consultations/consultation-schedule';
import {
  CONSULTATION_EXPORT_PREFIX,
  handleResultsExport,
} from '../modules/consultations/results-export.http';

/** Path that serves queries, mutations (HTTP) and subscriptions (WebSocket) alike. */
export const GRAPHQL_PATH = '/graphql';
/** Path of the health check. */
export const HEALTH_PATH = '/health';

export type RunningServer = {
  url: string;
  wsUrl: string;
  port: number;
  orm: Orm;
  events: EventBus;
  rateLimits: RateLimits;
  schema: GraphQLSchema;
  close: () => Promise<void>;
};

/** Limits that keep one hostile query from starving the server, on HTTP and WebSocket alike. */
export const QUERY_LIMITS = { maxDepth: 12, maxAliases: 30, maxCost: 5_000, maxDirectives: 30, maxTokens: 5_000 };

function armorProtection() {
  const armor = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth },
    maxAliases: { n: QUERY_LIMITS.maxAliases },
    // A flat cost (2 per object field, 1 per scalar field) keeps the limit readable. The default
    // factor of 1.5 per level priced the dashboard's nested connection queries in the 100,000s.
    costLimit: { maxCost: QUERY_LIMITS.maxCost, objectCost: 2, scalarCost: 1, depthCostFactor: 1 },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives },
    // graphql-armor 3.2.0 throws its token-limit error from a plugin hook, and Apollo responds to
    // that with status 500. graphql's own parser limit (`parseOptions` below) responds with 400.
    maxTokens: { enabled: false },
  });
  const protection = armor.protect();

  // graphql-armor's types come from Apollo's CommonJS build; the plugins work at run time.
  return {
    plugins: protection.plugins as never[],
    validationRules: protection.validationRules as unknown as ValidationRule[],
  };
}

async function checkHealth(orm: Orm, events: EventBus) {
  const [database, pubsub] = await Promise.allSettled([pingDatabase(orm), events.ping()]);
  const ok = database.status === 'fulfilled' && pubsub.status === 'fulfilled';

  return {
    status: ok ? 'ok' : 'unavailable',
    version: API_VERSION,
    database: database.status === 'fulfilled' ? 'ok' : 'unreachable',
    pubsub: pubsub.status === 'fulfilled' ? `ok (${events.transport})` : `unreachable (${events.transport})`,
  };
}

function applyCors(config: Config, request: IncomingMessage, response: ServerResponse): boolean {
  const origin = request.headers.origin;
  if (origin && config.corsOrigins.includes(origin)) {
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('vary', 'origin');
    response.setHeader(
      'access-control-allow-headers',
      'content-type, authorization, x-api-key, apollo-require-preflight, x-apollo-operation-name',
    );
    response.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  }
  if (request.method === 'OPTIONS') {
    response.writeHead(204).end();

    return true;
  }

  return false;
}

/**
 * Reports whether a browser page at `origin` may open a WebSocket here: the origin is listed in
 * `CORS_ORIGINS` or is this server itself. Clients that send no Origin (programs, not browsers)
 * are allowed, because the check only stops other sites from using a visitor's browser.
 */
export function isWebSocketOriginAllowed(config: Pick<Config, 'corsOrigins'>, origin: string | undefined, host: string | undefined): boolean {
  if (!origin) {
    return true;
  }
  if (config.corsOrigins.includes(origin)) {
    return true;
  }
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Maximum length of a WebSocket close reason: a control frame carries 125 bytes, 2 of them the code. */
const MAX_CLOSE_REASON_BYTES = 123;

function isAsyncGenerator(value: unknown): value is AsyncGenerator<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value && typeof (value as AsyncGenerator).return === 'function';
}

/** WebSocket close code for a connection refused by an API key's rate limit, after HTTP 429. */
export const CLOSE_RATE_LIMITED = 4429;

/** Counts one request of an API key viewer against the key's limit; null for other viewers or when under it. */
function consumeApiKeyLimit(rateLimits: RateLimits, viewer: Viewer): Promise<number | null> {
  return viewer.apiKey ? rateLimits.consumeApiKey(viewer.apiKey.id, viewer.apiKey.rateLimitPerMinute) : Promise.resolve(null);
}

function apiKeyRateLimitMessage(viewer: Viewer, retryAfterSeconds: number): string {
  return `This API key sent more than ${viewer.apiKey?.rateLimitPerMinute} requests in one minute: retry in ${retryAfterSeconds} seconds.`;
}

/**
 * Error for an API key over its per-key limit. With `transport` 'http', Apollo sends it with
 * status 429 and a Retry-After header.
 */
function apiKeyRateLimitError(viewer: Viewer, retryAfterSeconds: number, transport: 'http' | 'websocket'): GraphQLError {
  const http = { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) };

  return new GraphQLError(apiKeyRateLimitMessage(viewer, retryAfterSeconds), {
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds, ...(transport === 'http' ? { http } : {}) },
  });
}

function addressRateLimitMessage(retryAfterSeconds: number): string {
  return `Too many requests from this address: retry in ${retryAfterSeconds} seconds.`;
}

/** Sends 429 with Retry-After for a client over the request rate limit. */
function sendRateLimited(response: ServerResponse, retryAfterSeconds: number): void {
  response.setHeader('retry-after', String(retryAfterSeconds));
  sendJson(response, 429, {
    errors: [
      {
        message: addressRateLimitMessage(retryAfterSeconds),
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds },
      },
    ],
  });
}

/**
 * Announces committed changes of accounts, sessions and API keys on the bus, and re-checks this
 * process's WebSockets of the credentials that any process announces.
 */
function watchAccessChanges(orm: Orm, events: EventBus, socketSessions: SocketSessions, logger: Logger): { stop: () => Promise<void> } {
  announceAccessChanges(orm, events);
  const stream = events.pubSub.subscribe(LIVE_TOPICS.accessChanged);
  const done = (async () => {
    for await (const event of stream) {
      await socketSessions.recheck(event).catch((error: unknown) => logger.error({ error: errorForLog(error) }, 'access change check failed'));
    }
  })();

  return {
    stop: async () => {
      await stream.return?.(undefined);
      await done;
    },
  };
}

/**
 * Opens the database (migrating it), connects pub/sub and serves GraphQL over HTTP and
 * WebSocket on one port. `config.port` 0 picks a free port, which tests use.
 */
export type StartOptions = {
  /**
   * Runs after migrations and before the port opens, so a process never reports healthy while
   * it is still preparing data (the demo seed uses this).
   */
  beforeListen?: (orm: Orm) => Promise<void>;
};

export async function startServer(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const orm = await openDatabase(config, logger);
  if (options.beforeListen) {
    try {
      await options.beforeListen(orm);
    } catch (error) {
      await orm.close();
      throw error;
    }
  }
  const events = createEventBus(config, logger);
  const schema = await createSchema(events.pubSub);
  const rateLimits = createRateLimits(config, logger);
  await rateLimits.ready();
  const oidc = config.oidc ? createOidcVerifier(config.oidc, config.hashKey) : undefined;
  const authenticateWith = (credentials: Credentials, em: EntityManager) =>
    authenticate(credentials, { em, oidc, logger, hashKey: config.hashKey });

  // Viewers of WebSocket connections: authenticated from the connection parameters, then checked
  // again before events and by a timer, so a revoked session stops receiving events.
  const socketSessions = createSocketSessions({
    checkIntervalMs: config.webSocketSessionCheckSeconds * 1000,
    // The sweep looks for due connections every second, so an idle connection is checked at
    // most a second after its check falls due, not up to a whole interval later.
    sweepIntervalMs: 1000,
    authenticate: (credentials) => authenticateWith(credentials as Credentials, orm.em.fork()),
    logger: logger.child({ component: 'websocket' }),
  });
  const accessChanges = watchAccessChanges(orm, events, socketSessions, logger.child({ component: 'websocket' }));
  const newContext = (requestId: string, viewer: Viewer, address: string, em = orm.em.fork()): RequestContext => ({
    requestId,
    em,
    logger: logger.child({ requestId }),
    events,
    config,
    viewer,
    clientAddress: address,
    rateLimits,
    recounts: { used: 0 },
    socketSessions,
  });
  const isTrustedProxy = addressMatcher(config.trustedProxies);
  const addressOf = (request: IncomingMessage) =>
    clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], isTrustedProxy);

  const armor = armorProtection();
  const wsValidationRules = config.introspection
    ? armor.validationRules
    : [...armor.validationRules, NoSchemaIntrospectionCustomRule];
  const httpServer = http.createServer();
  // Keep idle connections open longer than clients and proxies do (Node's fetch keeps them 4 s,
  // common load balancers 60 s), so a client never sends on a socket the server is closing.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: GRAPHQL_PATH,
    verifyClient: (info, callback) => {
      if (!isWebSocketOriginAllowed(config, info.origin, info.req.headers.host)) {
        logger.warn({ origin: info.origin }, 'websocket origin rejected');
        callback(false, 403, 'Origin not allowed: add it to CORS_ORIGINS');

        return;
      }
      rateLimits.consumeRequest(addressOf(info.req)).then(
        (retryAfter) =>
          retryAfter === null
            ? callback(true)
            : callback(false, 429, 'Too Many Requests', { 'retry-after': String(retryAfter) }),
        (error: unknown) => {
          logger.error({ error: errorForLog(error) }, 'rate limit check failed');
          callback(false, 503, 'Service Unavailable');
        },
      );
    },
  });
  const wsCleanup = useServer(
    {
      schema,
      onConnect: async (ctx) => {
        const em = orm.em.fork();
        const credentials: Credentials = {
          authorization: ctx.connectionParams?.authorization,
          apiKey: ctx.connectionParams?.apiKey,
        };
        try {
          const viewer = await authenticateWith(credentials, em);
          const retryAfter = await consumeApiKeyLimit(rateLimits, viewer);
          // A client that left while it was being authenticated is not recorded, because its
          // close has already been handled.
          if (ctx.extra.socket.readyState !== ctx.extra.socket.OPEN) {
            return false;
          }
          if (retryAfter !== null) {
            logger.warn({ apiKeyId: viewer.apiKey?.id, retryAfter }, 'api key rate limit reached');
            ctx.extra.socket.close(CLOSE_RATE_LIMITED, apiKeyRateLimitMessage(viewer, retryAfter).slice(0, MAX_CLOSE_REASON_BYTES));

            return false;
          }
          socketSessions.open(ctx.extra.socket, credentials, viewer);

          return true;
        } catch (error) {
          logger.info({ error: errorForLog(error) }, 'websocket authentication rejected');
          // graphql-ws closes a rejected connection with 4403; an invalid or expired credential
          // gets 4401 instead, the code sent when a session ends on an open connection.
          if (error instanceof GraphQLError && error.extensions?.code === 'UNAUTHENTICATED') {
            ctx.extra.socket.close(CloseCode.Unauthorized, error.message.slice(0, MAX_CLOSE_REASON_BYTES));
          }

          return false;
        }
      },
      onClose: (ctx) => {
        socketSessions.forget(ctx.extra.socket);
      },
      context: (ctx) => {
        const viewer = socketSessions.viewerOf(ctx.extra.socket);
        if (!viewer) {
          throw new Error('WebSocket connection has no viewer: onConnect did not run');
        }

        return newContext(randomUUID(), viewer, addressOf(ctx.extra.request));
      },
      // Each event waits for the connection's viewer to pass its check; a failed check closes
      // the socket instead of sending the event.
      onOperation: (ctx, _id, _payload, _args, result) =>
        isAsyncGenerator(result) ? admitEach(result, () => socketSessions.admit(ctx.extra.socket)) : undefined,
      // graphql-ws validates with the standard rules only, so the query limits are added here.
      // Each operation counts against the per-address request limit like an HTTP request, and
      // on an API key's connection also against the key's limit. An operation over a limit
      // gets a RATE_LIMITED error, and the socket stays open.
      onSubscribe: async (ctx, _id, payload) => {
        const addressRetryAfter = await rateLimits.consumeRequest(addressOf(ctx.extra.request));
        if (addressRetryAfter !== null) {
          logger.warn({ retryAfter: addressRetryAfter }, 'request rate limit reached');

          return [
            new GraphQLError(addressRateLimitMessage(addressRetryAfter), {
              extensions: { code: 'RATE_LIMITED', retryAfterSeconds: addressRetryAfter },
            }),
          ];
        }
        const viewer = socketSessions.viewerOf(ctx.extra.socket);
        const retryAfter = viewer ? await consumeApiKeyLimit(rateLimits, viewer) : null;
        if (viewer && retryAfter !== null) {
          logger.warn({ apiKeyId: viewer.apiKey?.id, retryAfter }, 'api key rate limit reached');

          return [apiKeyRateLimitError(viewer, retryAfter, 'websocket')];
        }

        return validateSubscription(schema, payload, wsValidationRules);
      },
      onError: (_ctx, _id, _payload, errors) => {
        logger.warn({ errors: errors.map((error) => error.message) }, 'subscription rejected');
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError,
    introspection: config.introspection,
    // Rejects requests that a browser sends without a CORS preflight (GET, or POST as a form or
    // text/plain) unless they carry `apollo-require-preflight` or `x-apollo-operation-name`, so
    // another site cannot send them from a visitor's browser.
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGINT and SIGTERM; Apollo's own handlers would race it and keep the
    // process alive after shutdown.
    stopOnTerminationSignals: false,
    logger: logger.child({ component: 'apollo' }),
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    allowBatchedHttpRequests: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      requestLoggingPlugin,
      subscriptionsOverHttpPlugin,
      unstorableTextPlugin,
      {
        async serverWillStart() {
          return {
            async drainServer() {
              socketSessions.dispose();
              await accessChanges.stop();
              await wsCleanup.dispose();
            },
          };
        },
      },
      ...armor.plugins,
    ],
  });
  await apollo.start();

  const serveGraphQL = async (request: IncomingMessage, response: ServerResponse, requestId: string) => {
    const address = addressOf(request);
    const retryAfter = await rateLimits.consumeRequest(address);
    if (retryAfter !== null) {
      logger.warn({ requestId, retryAfter }, 'request rate limit reached');
      sendRateLimited(response, retryAfter);

      return;
    }
    await handleGraphQLRequest(apollo, request, response, async () => {
      const em = orm.em.fork();
      const viewer = await authenticateWith(
        { authorization: request.headers.authorization, apiKey: request.headers['x-api-key'] },
        em,
      );
      const keyRetryAfter = await consumeApiKeyLimit(rateLimits, viewer);
      if (keyRetryAfter !== null) {
        logger.warn({ requestId, apiKeyId: viewer.apiKey?.id, retryAfter: keyRetryAfter }, 'api key rate limit reached');
        throw apiKeyRateLimitError(viewer, keyRetryAfter, 'http');
      }

      return newContext(requestId, viewer, address, em);
    });
  };

  // Set again once the socket listens, because PORT=0 picks the port then.
  let publicBaseUrl = config.publicUrl ?? `http://${config.host}:${config.port}`;

  // Open311 shares the per-address request limit with GraphQL, on top of its per-key limit.
  const serveOpen311 = async (request: IncomingMessage, response: ServerResponse, requestId: string, url: URL) => {
    const retryAfter = await rateLimits.consumeRequest(addressOf(request));
    if (retryAfter !== null) {
      logger.warn({ requestId, retryAfter }, 'request rate limit reached');
      sendRateLimited(response, retryAfter);

      return;
    }
    await handleOpen311Request(
      {
        em: orm.em.fork(),
        events,
        logger: logger.child({ requestId, component: 'open311' }),
        hashKey: config.hashKey,
        rateLimits,
        // Never the Host header: a client could make discovery point other clients anywhere.
        baseUrl: publicBaseUrl,
      },
      request,
      response,
      url,
    );
  };

  // Exports share the per-address request limit with GraphQL.
  const serveExport = async (request: IncomingMessage, response: ServerResponse, requestId: string, path: string) => {
    const retryAfter = await rateLimits.consumeRequest(addressOf(request));
    if (retryAfter !== null) {
      logger.warn({ requestId, retryAfter }, 'request rate limit reached');
      sendRateLimited(response, retryAfter);

      return;
    }
    await handleResultsExport(
      { em: orm.em.fork(), minAggregateCount: config.minAggregateCount },
      request,
      response,
      path,
    );
  };

  httpServer.on('request', (request, response) => {
    const requestId = (request.headers['x-request-id'] as string | undefined) ?? randomUUID();
    response.setHeader('x-request-id', requestId);
    if (applyCors(config, request, response)) {
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const handled =
      path.startsWith('/open311/')
        ? serveOpen311(request, response, requestId, url)
        : path.startsWith(CONSULTATION_EXPORT_PREFIX)
        ? serveExport(request, response, requestId, path)
        : path === INBOUND_EMAIL_PATH
        ? handleInboundEmail(
            {
              em: orm.em.fork(),
              events,
              logger: logger.child({ requestId, component: 'inbound-email' }),
              hashKey: config.hashKey,
              settings: config.inboundEmail,
            },
            request,
            response,
          )
        : path === HEALTH_PATH
        ? checkHealth(orm, events).then((health) =>
            sendJson(response, health.status === 'ok' ? 200 : 503, health),
          )
        : path === GRAPHQL_PATH
          ? serveGraphQL(request, response, requestId)
          : Promise.resolve(sendJson(response, 404, { error: `No route for ${path}: use ${GRAPHQL_PATH}, ${HEALTH_PATH}, /open311/v2/ or ${CONSULTATION_EXPORT_PREFIX}.` }));
    handled.catch((error: unknown) => {
      logger.error({ error: errorForLog(error), requestId }, 'request handling failed');
      if (!response.headersSent) {
        sendJson(response, 500, { error: 'Internal server error', requestId });
      } else {
        response.end();
      }
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // Nothing is served yet, so release what start-up opened and report the address.
    await apollo.stop().catch(() => undefined);
    await events.close();
    await rateLimits.close();
    await orm.close();
    throw new Error(`Cannot listen on ${config.host}:${config.port}: ${(error as Error).message}. Set HOST and PORT to a free local address.`);
  }
  const deadlineChecker =
    config.deadlineCheckIntervalSeconds > 0
      ? startDeadlineChecker(orm, events, config.deadlineCheckIntervalSeconds, logger.child({ component: 'deadlines' }))
      : null;
  const consultationScheduleWatcher =
    config.consultationScheduleIntervalSeconds > 0
      ? startConsultationScheduleWatcher(
          orm,
          events,
          config,
          config.consultationScheduleIntervalSeconds,
          logger.child({ component: 'consultation-schedule' }),
        )
      : null;
  const webhookWorker =
    config.webhookIntervalSeconds > 0
      ? startWebhookWorker(
          orm,
          webhookDeliverySettings(config),
          config.webhookIntervalSeconds * 1000,
          logger.child({ component: 'webhooks' }),
        )
      : null;
  const mailSender = config.smtp ? smtpSender(config.smtp.url, config.smtp.from) : null;
  const emailOutbox =
    config.smtp && mailSender
      ? startEmailOutboxWorker(orm, mailSender, config.smtp.outboxIntervalSeconds, logger.child({ component: 'email-outbox' }))
      : null;
  const { port } = httpServer.address() as AddressInfo;
  publicBaseUrl = config.publicUrl ?? `http://${config.host}:${port}`;
  const url = `http://${config.host}:${port}${GRAPHQL_PATH}`;
  logger.info(
    { url, databaseEngine: config.databaseUrl ? 'postgresql' : 'sqlite', pubsub: events.transport },
    'api listening',
  );

  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    port,
    orm,
    events,
    rateLimits,
    schema,
    close: async () => {
      await deadlineChecker?.stop();
      await consultationScheduleWatcher?.stop();
      await webhookWorker?.stop();
      await emailOutbox?.stop();
      mailSender?.close();
      await apollo.stop();
      await events.close();
      await rateLimits.close();
      await orm.close();
      logger.info('api stopped');
    },
  };
}
