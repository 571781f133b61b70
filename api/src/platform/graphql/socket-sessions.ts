import { GraphQLError } from 'graphql';
import { CloseCode } from 'graphql-ws';
import type { AccessChangedEvent } from '@ratusz/shared';
import type { Viewer } from '../auth/viewer';
import type { Logger } from '../logger';
import { errorForLog } from '../orm-logger';

/** Maximum delay of a Node timer, in milliseconds. Later expiries are left to the sweep. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** WebSocket close code for a failed session check (1011, internal error, in RFC 6455), after which clients reconnect. */
const CLOSE_CHECK_FAILED = 1011;

/** Close reasons, sent to the client with the close code. */
export const CLOSE_REASONS = {
  expired: 'The session or token expired: sign in again and reconnect.',
  revoked: 'The session or API key was revoked, or the account disabled: sign in again or use a current API key, then reconnect.',
  accessChanged: "The account's roles or department changed: reconnect to subscribe with the new access.",
  checkFailed: 'Checking the session failed: reconnect.',
} as const;

/** The part of a WebSocket that the session checks use. */
export type ClosableSocket = { close: (code: number, reason: string) => void };

type SocketSession = {
  credentials: unknown;
  viewer: Viewer;
  /** `Date.now()` of the last check that found the token valid. */
  checkedAt: number;
  expiryTimer: NodeJS.Timeout | undefined;
  closed: boolean;
  /** The check in progress, shared by the events that arrive while it runs. */
  check: Promise<boolean> | undefined;
};

/**
 * Viewers of open WebSocket connections, checked again while the connection lives, so a
 * revoked session, a disabled account, changed roles or an expired token end its subscriptions.
 */
export type SocketSessions = {
  /** Records the viewer a connection authenticated as, with the credentials it sent. */
  open: (socket: ClosableSocket, credentials: unknown, viewer: Viewer) => void;
  viewerOf: (socket: ClosableSocket) => Viewer | undefined;
  /**
   * Resolves true when the connection's viewer is still valid. Otherwise it closes the socket
   * (4401 for an expired or revoked credential, 4403 for changed roles or department) and
   * resolves false.
   */
  admit: (socket: ClosableSocket) => Promise<boolean>;
  /** Closes the connections of a session this process has just revoked, with 4401. */
  endSession: (sessionId: string) => void;
  /**
   * Checks now the connections of the accounts, sessions and API keys in `event`, whose rows
   * another request (in this process or another) has changed. Resolves when the checks are done.
   */
  recheck: (event: AccessChangedEvent) => Promise<void>;
  /** Forgets a closed connection. */
  forget: (socket: ClosableSocket) => void;
  /** Stops the timers. */
  dispose: () => void;
};

export type SocketSessionOptions = {
  /** How long a check result is trusted, in milliseconds. 0 checks before every event. */
  checkIntervalMs: number;
  /** Period of the sweep that checks idle connections, in milliseconds. */
  sweepIntervalMs: number;
  /** Resolves credentials to their viewer; throws a GraphQLError with code UNAUTHENTICATED when they are no longer valid. */
  authenticate: (credentials: unknown) => Promise<Viewer>;
  logger: Logger;
};

/** Reports whether two viewers of one credential get the same access. */
function sameAccess(before: Viewer, after: Viewer): boolean {
  const roles = (viewer: Viewer) => [...viewer.roles].sort().join(',');

  return before.id === after.id && before.departmentId === after.departmentId && roles(before) === roles(after);
}

function isUnauthenticated(error: unknown): boolean {
  return error instanceof GraphQLError && error.extensions?.code === 'UNAUTHENTICATED';
}

/** Creates the registry and starts its sweep. Anonymous connections are never checked. */
export function createSocketSessions(options: SocketSessionOptions): SocketSessions {
  const sessions = new Map<ClosableSocket, SocketSession>();

  const close = (socket: ClosableSocket, session: SocketSession, code: number, reason: string) => {
    if (session.closed) {
      return;
    }
    session.closed = true;
    clearTimeout(session.expiryTimer);
    options.logger.info({ viewerId: session.viewer.id, code }, 'websocket closed after session check');
    socket.close(code, reason);
  };

  const isExpired = (session: SocketSession) =>
    session.viewer.expiresAt !== null && session.viewer.expiresAt !== undefined && session.viewer.expiresAt.getTime() <= Date.now();

  const recheck = async (socket: ClosableSocket, session: SocketSession): Promise<boolean> => {
    try {
      const current = await options.authenticate(session.credentials);
      if (!sameAccess(session.viewer, current)) {
        close(socket, session, CloseCode.Forbidden, CLOSE_REASONS.accessChanged);

        return false;
      }
      session.checkedAt = Date.now();

      return true;
    } catch (error) {
      if (isUnauthenticated(error)) {
        close(socket, session, CloseCode.Unauthorized, CLOSE_REASONS.revoked);
      } else {
        options.logger.error({ error: errorForLog(error), viewerId: session.viewer.id }, 'websocket session check failed');
        close(socket, session, CLOSE_CHECK_FAILED, CLOSE_REASONS.checkFailed);
      }

      return false;
    }
  };

  const verify = (socket: ClosableSocket, session: SocketSession, force: boolean): Promise<boolean> => {
    if (session.closed) {
      return Promise.resolve(false);
    }
    if (session.viewer.id === null) {
      return Promise.resolve(true);
    }
    if (isExpired(session)) {
      close(socket, session, CloseCode.Unauthorized, CLOSE_REASONS.expired);

      return Promise.resolve(false);
    }
    if (!force && Date.now() - session.checkedAt < options.checkIntervalMs) {
      return Promise.resolve(true);
    }
    session.check ??= recheck(socket, session).finally(() => {
      session.check = undefined;
    });

    return session.check;
  };

  let sweeping = false;
  const sweep = async () => {
    if (sweeping) {
      return;
    }
    sweeping = true;
    try {
      // One connection at a time, so a sweep of many connections does not flood the database.
      for (const [socket, session] of [...sessions]) {
        const due = Date.now() - session.checkedAt >= options.checkIntervalMs;
        if (session.viewer.id !== null && (due || isExpired(session))) {
          await verify(socket, session, false);
        }
      }
    } finally {
      sweeping = false;
    }
  };
  const sweepTimer = setInterval(() => void sweep(), options.sweepIntervalMs);
  sweepTimer.unref();

  return {
    open: (socket, credentials, viewer) => {
      const session: SocketSession = { credentials, viewer, checkedAt: Date.now(), expiryTimer: undefined, closed: false, check: undefined };
      const delay = viewer.expiresAt ? viewer.expiresAt.getTime() - Date.now() : null;
      if (viewer.id !== null && delay !== null && delay < MAX_TIMER_DELAY_MS) {
        session.expiryTimer = setTimeout(() => close(socket, session, CloseCode.Unauthorized, CLOSE_REASONS.expired), Math.max(delay, 0));
        session.expiryTimer.unref();
      }
      sessions.set(socket, session);
    },
    viewerOf: (socket) => sessions.get(socket)?.viewer,
    admit: (socket) => {
      const session = sessions.get(socket);

      return session ? verify(socket, session, false) : Promise.resolve(false);
    },
    endSession: (sessionId) => {
      for (const [socket, session] of sessions) {
        if (session.viewer.sessionId === sessionId) {
          close(socket, session, CloseCode.Unauthorized, CLOSE_REASONS.revoked);
        }
      }
    },
    recheck: async (event) => {
      const accounts = new Set(event.accountIds);
      const sessionIds = new Set(event.sessionIds);
      const apiKeys = new Set(event.apiKeyIds);
      const affected = [...sessions].filter(
        ([, session]) =>
          (session.viewer.id !== null && accounts.has(session.viewer.id)) ||
          (session.viewer.sessionId !== null && sessionIds.has(session.viewer.sessionId)) ||
          (session.viewer.apiKey?.id !== undefined && apiKeys.has(session.viewer.apiKey.id)),
      );
      await Promise.all(affected.map(([socket, session]) => verify(socket, session, true)));
    },
    forget: (socket) => {
      const session = sessions.get(socket);
      if (session) {
        session.closed = true;
        clearTimeout(session.expiryTimer);
        sessions.delete(socket);
      }
    },
    dispose: () => {
      clearInterval(sweepTimer);
      for (const session of sessions.values()) {
        clearTimeout(session.expiryTimer);
      }
      sessions.clear();
    },
  };
}

/**
 * Wraps the event stream of one subscription so each event is sent only after `admit` resolves
 * true. When it resolves false, the stream ends and the source stops. `return` and `throw` go
 * straight to the source, so unsubscribing does not wait for the next event as it would with a
 * wrapping async generator function.
 */
export function admitEach<T>(source: AsyncGenerator<T>, admit: () => Promise<boolean>): AsyncGenerator<T> {
  const guarded: AsyncGenerator<T> = {
    next: async () => {
      const result = await source.next();
      if (result.done || (await admit())) {
        return result;
      }
      await source.return(undefined);

      return { done: true, value: undefined };
    },
    return: (value) => source.return(value),
    throw: (error) => source.throw(error),
    [Symbol.asyncIterator]: () => guarded,
  } as AsyncGenerator<T>;

  return guarded;
}
