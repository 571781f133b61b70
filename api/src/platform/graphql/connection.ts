import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { Max, Min } from 'class-validator';

/** Largest page a client may request from any connection. */
export const MAX_PAGE_SIZE = 100;
/** Page size when a client does not pass `first`. */
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Number of items to return, from 1 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when omitted.`,
  })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item already seen; the page starts after it.',
  })
  after?: string;
}

@ObjectType({ description: 'Position of a page within a connection.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more items follow this page.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Whether items precede this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item on this page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item on this page.' })
  endCursor!: string | null;
}

/** Offset window decoded from connection arguments. */
export type PageWindow = { offset: number; limit: number };

const CURSOR_PREFIX = 'offset:';

function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
}

/** Error raised for a cursor this API did not issue. */
export class InvalidCursorError extends Error {
  readonly code = 'INVALID_CURSOR';
}

/**
 * Decodes `first` and `after` into an offset window. Cursors are opaque to clients, and today they
 * carry an offset.
 */
export function pageWindow(args: ConnectionArgs): PageWindow {
  const limit = Math.min(args.first ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  if (!args.after) {
    return { offset: 0, limit };
  }

  const decoded = Buffer.from(args.after, 'base64url').toString('utf8');
  const offset = Number(decoded.slice(CURSOR_PREFIX.length));
  // Re-encoding must give the same text, so only cursors this API issued are accepted.
  if (!Number.isSafeInteger(offset) || offset < 0 || encodeCursor(offset) !== args.after) {
    throw new InvalidCursorError(
      `Cursor ${JSON.stringify(args.after)} is not valid: pass an endCursor from an earlier page.`,
    );
  }

  return { offset: offset + 1, limit };
}

/** Plain connection shape that the generated GraphQL classes describe. */
export type Connection<T> = {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
};

/** Builds a connection from one page of nodes and the total number of matching nodes. */
export function toConnection<T>(nodes: T[], window: PageWindow, totalCount: number): Connection<T> {
  const edges = nodes.map((node, index) => ({ cursor: encodeCursor(window.offset + index), node }));

  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: window.offset + nodes.length < totalCount,
      hasPreviousPage: window.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/**
 * Creates the Relay connection and edge types for a node type, named `<Name>Connection` and
 * `<Name>Edge`.
 */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class Edge {
    @Field(() => String, { description: 'Opaque cursor of this item.' })
    cursor!: string;

    @Field(() => nodeType, { description: `The ${name}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class ConnectionClass {
    @Field(() => [Edge], { description: 'Items on this page.' })
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'Where this page sits in the whole list.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Number of items matching the query across all pages.' })
    totalCount!: number;
  }

  return ConnectionClass;
}
