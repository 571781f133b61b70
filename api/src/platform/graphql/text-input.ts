import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode, type StringValueNode } from 'graphql';

/** NUL, which PostgreSQL text columns reject and the SQLite driver cuts statements at. */
const NUL = /\u0000/;
/** A UTF-16 surrogate without its pair, which has no UTF-8 encoding and would be stored as U+FFFD. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Returns why `text` cannot be stored unchanged, or null when it can. */
function unstorableReason(text: string): string | null {
  if (NUL.test(text)) {
    return 'contains a NUL character (U+0000): remove it';
  }
  const surrogate = UNPAIRED_SURROGATE.exec(text);
  if (surrogate) {
    const code = surrogate[0].charCodeAt(0).toString(16).toUpperCase();

    return `contains an unpaired UTF-16 surrogate (U+${code}), which is not valid Unicode: send well-formed text`;
  }

  return null;
}

/**
 * Deepest nesting of lists and objects accepted in a variable. GeoJSON boundaries, the deepest
 * input the schema takes, nest about eight levels. Deeper values are rejected before they reach
 * recursive code, whose stack a few kilobytes of brackets would otherwise overflow.
 */
export const MAX_VARIABLE_DEPTH = 64;

/**
 * Finds the first string inside `value` that cannot be stored, or the first list or object
 * nested deeper than MAX_VARIABLE_DEPTH, with its path.
 */
function findUnstorable(value: unknown, path: string, depth = 0): { path: string; reason: string } | null {
  if (typeof value === 'string') {
    const reason = unstorableReason(value);

    return reason ? { path, reason } : null;
  }
  if (value === null || typeof value !== 'object') {
    return null;
  }
  if (depth >= MAX_VARIABLE_DEPTH) {
    return {
      path,
      reason: `is nested more than ${MAX_VARIABLE_DEPTH} lists or objects deep: send a flatter value`,
    };
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [`[${index}]`, item])
    : Object.entries(value).map(([key, item]) => [`.${key}`, item]);
  for (const [step, item] of entries) {
    const found = findUnstorable(item, `${path}${step}`, depth + 1);
    if (found) {
      return found;
    }
  }

  return null;
}

/**
 * Returns an error for the first variable or string literal of an operation that contains text
 * no database can store unchanged (NUL or an unpaired surrogate), or null when there is none.
 * Rejecting it here keeps such text out of every field, including fields added later.
 */
export function unstorableTextError(
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
): GraphQLError | null {
  for (const [name, value] of Object.entries(variables ?? {})) {
    const found = findUnstorable(value, `$${name}`);
    if (found) {
      return new GraphQLError(`Variable ${found.path} ${found.reason}.`, {
        extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
      });
    }
  }

  const literal = unstorableLiteralOf(document);

  return literal
    ? new GraphQLError(`A string literal ${literal.reason}.`, {
        nodes: [literal.node],
        extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
      })
    : null;
}

/**
 * Returns an error for an operation name that contains a control character, or null. Apollo
 * quotes an unknown operation name in its error, so such a name would come back unchanged.
 */
export function operationNameError(operationName: unknown): GraphQLError | null {
  if (typeof operationName !== 'string' || !/[\u0000-\u001f\u007f]/.test(operationName)) {
    return null;
  }

  return new GraphQLError('operationName contains a control character: send the name of an operation in the document.', {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

/** A string literal that cannot be stored, and why. */
type UnstorableLiteral = { node: StringValueNode; reason: string };

/**
 * Literal checks by document. Apollo hands every request with the same query text the same
 * parsed document, so each document's string literals are checked once.
 */
const unstorableLiterals = new WeakMap<DocumentNode, UnstorableLiteral | null>();

/** Returns the first string literal of `document` that cannot be stored, or null. */
function unstorableLiteralOf(document: DocumentNode): UnstorableLiteral | null {
  const cached = unstorableLiterals.get(document);
  if (cached !== undefined) {
    return cached;
  }
  let found: UnstorableLiteral | null = null;
  visit(document, {
    [Kind.STRING]: (node) => {
      const reason = found ? null : unstorableReason(node.value);
      if (reason) {
        found = { node, reason };
      }
    },
  });
  unstorableLiterals.set(document, found);

  return found;
}

/** Rejects HTTP operations whose text input cannot be stored unchanged, before they run. */
export const unstorableTextPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, request }) {
        const error = unstorableTextError(document, request.variables);
        if (error) {
          throw error;
        }
      },
    };
  },
};
