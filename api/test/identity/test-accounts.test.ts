import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

const VIEWER = '{ viewer { id roles } }';

describe('test accounts by role', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('anonymous by default', async () => {
    const response = await server.graphql(VIEWER);

    expect(response.errors).toBeUndefined();
    expect(response.data!.viewer.id).toBeNull();
  });

  it('signs in as the requested role', async () => {
    const agent = await server.graphql(VIEWER, {}, { as: 'AGENT' });
    const auditor = await server.graphql(VIEWER, {}, { as: 'AUDITOR' });

    expect(agent.data!.viewer.roles).toContain('AGENT');
    expect(agent.data!.viewer.roles).not.toContain('AUDITOR');
    expect(auditor.data!.viewer.roles).toContain('AUDITOR');
    expect(agent.data!.viewer.id).not.toEqual(auditor.data!.viewer.id);
  });

  it('reuses one account per role', async () => {
    const first = await server.tokenFor('RESIDENT');
    const second = await server.tokenFor('RESIDENT');

    expect(second).toBe(first);
  });

  it('passes the token over WebSocket', async () => {
    const client = server.wsClient({ as: 'DECISION_MAKER' });
    const result = await new Promise<any>((resolve, reject) => {
      client.subscribe({ query: VIEWER }, { next: resolve, error: reject, complete: () => {} });
    });

    expect(result.data.viewer.roles).toContain('DECISION_MAKER');
  });
});
