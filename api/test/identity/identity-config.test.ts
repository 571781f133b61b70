import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/platform/config';
import { addressMatcher, clientAddress } from '../../src/platform/rate-limit';

const OIDC = { OIDC_ISSUER: 'https://login.city.example/realms/city', OIDC_AUDIENCE: 'ratusz' };

function issuesOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as ConfigError).issues;
  }

  return [];
}

describe('identity settings', () => {
  it('has defaults for limits and sessions', () => {
    const config = loadConfig({});

    expect(config.sessionTtlHours).toBe(12);
    expect(config.requestsPerMinute).toBe(600);
    expect(config.signInLimitPerAccount).toBe(10);
    expect(config.signInLimitPerAddress).toBe(100);
    expect(config.trustedProxies).toEqual([]);
    expect(config.oidc).toBeUndefined();
  });

  it('reads a complete OIDC configuration', () => {
    const config = loadConfig({ ...OIDC, OIDC_ROLE_MAPPING: 'clerks=AGENT, auditors=AUDITOR', OIDC_ALGORITHMS: 'ES256,EdDSA' });

    expect(config.oidc?.issuer).toBe(OIDC.OIDC_ISSUER);
    expect(config.oidc?.algorithms).toEqual(['ES256', 'EdDSA']);
    expect(config.oidc?.roleMapping.get('auditors')).toBe('AUDITOR');
    expect(config.oidc?.rolesClaim).toBe('roles');
  });

  it('requires an audience with an issuer', () => {
    expect(issuesOf({ OIDC_ISSUER: OIDC.OIDC_ISSUER })[0]).toMatch(/^OIDC_AUDIENCE is required/);
  });

  it('rejects an http issuer off loopback', () => {
    expect(issuesOf({ ...OIDC, OIDC_ISSUER: 'http://login.city.example' })[0]).toMatch(/^OIDC_ISSUER must be an https:\/\/ URL/);
    expect(loadConfig({ ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:8080' }).oidc?.issuer).toBe('http://127.0.0.1:8080');
  });

  it('rejects shared-secret and none algorithms', () => {
    expect(issuesOf({ ...OIDC, OIDC_ALGORITHMS: 'HS256' })[0]).toMatch(/^OIDC_ALGORITHMS must list algorithms from RS256/);
    expect(issuesOf({ ...OIDC, OIDC_ALGORITHMS: 'RS256,none' })[0]).toMatch(/got "RS256,none"/);
  });

  it('rejects a role mapping to an unknown role', () => {
    expect(issuesOf({ ...OIDC, OIDC_ROLE_MAPPING: 'clerks=CLERK' })[0]).toMatch(/OIDC_ROLE_MAPPING entry "clerks=CLERK" is invalid/);
  });

  it('validates address lists', () => {
    expect(loadConfig({ RATUSZ_TRUSTED_PROXIES: '10.0.0.1, 172.16.0.0/12,::1' }).trustedProxies).toEqual(['10.0.0.1', '172.16.0.0/12', '::1']);
    expect(issuesOf({ RATUSZ_TRUSTED_PROXIES: 'gateway' })[0]).toMatch(/^RATUSZ_TRUSTED_PROXIES must be a comma-separated list/);
    expect(issuesOf({ RATUSZ_RATE_LIMIT_EXEMPT: '10.0.0.0/33' })[0]).toMatch(/^RATUSZ_RATE_LIMIT_EXEMPT must be/);
  });

  it('rejects a session lifetime out of range', () => {
    expect(issuesOf({ RATUSZ_SESSION_TTL_HOURS: '0' })[0]).toMatch(/RATUSZ_SESSION_TTL_HOURS must be a whole number from 1 to 720/);
  });
});

describe('clientAddress', () => {
  const trusted = addressMatcher(['127.0.0.1', '10.0.0.0/8']);

  it('uses the peer when it is not a trusted proxy', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1', trusted)).toBe('203.0.113.9');
  });

  it('uses the nearest untrusted forwarded address', () => {
    expect(clientAddress('::ffff:127.0.0.1', '198.51.100.1, 203.0.113.5, 10.1.2.3', trusted)).toBe('203.0.113.5');
  });

  it('stops at a hop that is not an address', () => {
    expect(clientAddress('127.0.0.1', 'visitor1', trusted)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '203.0.113.5, visitor1, 10.1.2.3', trusted)).toBe('10.1.2.3');
  });

  it('falls back to the peer when every hop is trusted', () => {
    expect(clientAddress('127.0.0.1', '10.1.2.3', trusted)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', undefined, trusted)).toBe('127.0.0.1');
  });
});
