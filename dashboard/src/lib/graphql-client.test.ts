import { describe, expect, it } from 'vitest';
import { classifyErrors, collectNodes } from './graphql-client';

describe('classifyErrors', () => {
  it('treats schema validation failures as an unavailable module', () => {
    const errors = [
      {
        message: 'Cannot query field "budgetEditions" on type "Query".',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ];
    expect(classifyErrors(errors)).toBe('unavailable');
  });

  it('treats other errors as failures', () => {
    expect(
      classifyErrors([{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]),
    ).toBe('failed');
  });
});

describe('collectNodes', () => {
  it('follows cursors until the last page', async () => {
    const pages: Record<
      string,
      { edges: { node: number }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }
    > = {
      start: {
        edges: [{ node: 1 }, { node: 2 }],
        pageInfo: { hasNextPage: true, endCursor: 'c2' },
      },
      c2: { edges: [{ node: 3 }], pageInfo: { hasNextPage: false, endCursor: 'c3' } },
    };
    const requested: (string | null)[] = [];
    const nodes = await collectNodes(async (after) => {
      requested.push(after);

      return pages[after ?? 'start']!;
    });

    expect(nodes).toEqual([1, 2, 3]);
    expect(requested).toEqual([null, 'c2']);
  });

  it('stops after the page cap', async () => {
    let calls = 0;
    await collectNodes(async () => {
      calls += 1;

      return { edges: [], pageInfo: { hasNextPage: true, endCursor: 'again' } };
    }, 3);

    expect(calls).toBe(3);
  });
});
