import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose' with { 'resolution-mode': 'import' };

/** Starts a minimal OpenID Connect issuer on 127.0.0.1 that serves discovery and a JWKS. */
export async function startIssuer(jwks: JWK[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('request', (request, response) => {
    const body =
      request.url === '/.well-known/openid-configuration'
        ? { issuer: url, jwks_uri: `${url}/jwks` }
        : request.url === '/jwks'
          ? { keys: jwks }
          : null;
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? { error: 'not found' }));
  });

  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Audience that tests put in their OIDC tokens. */
export const TEST_OIDC_AUDIENCE = 'ratusz-api';

/**
 * Returns the settings that make an API trust tokens of the issuer at `issuerUrl`, with roles in
 * the `groups` claim mapped by `roleMapping` (such as `city-clerks=AGENT`) and the department in
 * the `department` claim.
 */
export function oidcSettings(issuerUrl: string, roleMapping: string): Record<string, string> {
  return {
    OIDC_ISSUER: issuerUrl,
    OIDC_AUDIENCE: TEST_OIDC_AUDIENCE,
    OIDC_ROLES_CLAIM: 'groups',
    OIDC_ROLE_MAPPING: roleMapping,
    OIDC_DEPARTMENT_CLAIM: 'department',
  };
}
