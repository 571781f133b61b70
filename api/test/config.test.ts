import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/platform/config';

describe('loadConfig', () => {
  it('uses SQLite and in-process pub/sub by default', () => {
    const config = loadConfig({}, '/srv/ratusz');

    expect(config.databaseUrl).toBeUndefined();
    expect(config.sqlitePath).toBe('/srv/ratusz/data/ratusz.sqlite');
    expect(config.redisUrl).toBeUndefined();
    expect(config.port).toBe(4000);
    expect(config.seedDemo).toBe(true);
  });

  it('names the setting and the accepted values', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(
      /LOG_LEVEL must be one of silent, fatal, error, warn, info, debug, trace \(got "loud"\)/,
    );
  });

  it('reports every invalid setting at once', () => {
    try {
      loadConfig({ PORT: '99999', DATABASE_URL: 'mysql://x', REDIS_URL: 'http://r' });
      expect.unreachable();
    } catch (error) {
      const issues = (error as ConfigError).issues;
      expect(issues).toHaveLength(3);
      expect(issues[0]).toMatch(/^PORT must be a whole number from 0 \(any free port\) to 65535 \(got "99999"\)/);
      expect(issues[1]).toMatch(/^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
      expect(issues[2]).toMatch(/^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    }
  });

  it('requires a hash key in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/RATUSZ_HASH_KEY is required/);
  });

  it('defaults the case life-cycle settings', () => {
    const config = loadConfig({});

    expect(config.reopenWindowDays).toBe(14);
    expect(config.deadlineCheckIntervalSeconds).toBe(60);
  });

  it('validates the case life-cycle settings', () => {
    expect(() => loadConfig({ RATUSZ_REOPEN_WINDOW_DAYS: '0' })).toThrow(
      /RATUSZ_REOPEN_WINDOW_DAYS must be a whole number from 1 to 365 \(got "0"\)/,
    );
    expect(() => loadConfig({ RATUSZ_REOPEN_WINDOW_DAYS: '2.5' })).toThrow(/RATUSZ_REOPEN_WINDOW_DAYS/);
    expect(() => loadConfig({ RATUSZ_DEADLINE_CHECK_INTERVAL_SECONDS: 'often' })).toThrow(
      /RATUSZ_DEADLINE_CHECK_INTERVAL_SECONDS must be a whole number from 0 to 3600/,
    );
    expect(loadConfig({ RATUSZ_DEADLINE_CHECK_INTERVAL_SECONDS: '0' }).deadlineCheckIntervalSeconds).toBe(0);
  });

  it('reads the consultation schedule interval', () => {
    expect(loadConfig({}).consultationScheduleIntervalSeconds).toBe(15);
    expect(
      loadConfig({ RATUSZ_CONSULTATION_SCHEDULE_INTERVAL_SECONDS: '0' }).consultationScheduleIntervalSeconds,
    ).toBe(0);
    expect(() => loadConfig({ RATUSZ_CONSULTATION_SCHEDULE_INTERVAL_SECONDS: '3601' })).toThrow(
      /RATUSZ_CONSULTATION_SCHEDULE_INTERVAL_SECONDS must be a whole number from 0 to 3600/,
    );
  });

  it('defaults and validates the duplicate radius', () => {
    expect(loadConfig({}).duplicateRadiusMeters).toBe(100);
    expect(loadConfig({ RATUSZ_DUPLICATE_RADIUS_METERS: '250' }).duplicateRadiusMeters).toBe(250);
    expect(() => loadConfig({ RATUSZ_DUPLICATE_RADIUS_METERS: '0' })).toThrow(
      /RATUSZ_DUPLICATE_RADIUS_METERS must be a whole number from 1 to 5000/,
    );
  });

  it('defaults and validates the boundary check timeout', () => {
    expect(loadConfig({}).boundaryCheckTimeoutSeconds).toBe(60);
    expect(loadConfig({ RATUSZ_BOUNDARY_CHECK_TIMEOUT_SECONDS: '300' }).boundaryCheckTimeoutSeconds).toBe(300);
    expect(() => loadConfig({ RATUSZ_BOUNDARY_CHECK_TIMEOUT_SECONDS: '0' })).toThrow(
      /RATUSZ_BOUNDARY_CHECK_TIMEOUT_SECONDS must be a whole number from 1 to 3600 \(got "0"\)/,
    );
    expect(() => loadConfig({ RATUSZ_BOUNDARY_CHECK_TIMEOUT_SECONDS: '1.5' })).toThrow(
      /RATUSZ_BOUNDARY_CHECK_TIMEOUT_SECONDS/,
    );
  });

  it('refuses a CORS wildcard and origins with a path', () => {
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS must list each allowed origin; '\*' is not accepted/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://dashboard.example.org/' })).toThrow(
      /CORS_ORIGINS must be a comma-separated list of origins without a path or trailing slash/,
    );
    expect(loadConfig({ CORS_ORIGINS: 'https://dashboard.example.org, http://127.0.0.1:3000' }).corsOrigins).toEqual([
      'https://dashboard.example.org',
      'http://127.0.0.1:3000',
    ]);
  });

  it('refuses address ranges wider than a private network', () => {
    for (const [setting, value] of [
      ['RATUSZ_TRUSTED_PROXIES', '0.0.0.0/0'],
      ['RATUSZ_TRUSTED_PROXIES', '0.0.0.0/1,128.0.0.0/1'],
      ['RATUSZ_TRUSTED_PROXIES', '10.0.0.1,::/0'],
      ['RATUSZ_TRUSTED_PROXIES', '::/1,8000::/1'],
      ['RATUSZ_TRUSTED_PROXIES', '::ffff:0.0.0.0/96'],
      ['RATUSZ_RATE_LIMIT_EXEMPT', '0.0.0.0/0'],
    ] as const) {
      expect(() => loadConfig({ [setting]: value })).toThrow(new RegExp(`${setting} must not contain a range wider than /8`));
    }
    expect(loadConfig({ RATUSZ_TRUSTED_PROXIES: '10.0.0.0/8,172.16.0.0/12,fc00::/7,::ffff:10.0.0.0/104' }).trustedProxies).toEqual([
      '10.0.0.0/8',
      '172.16.0.0/12',
      'fc00::/7',
      '::ffff:10.0.0.0/104',
    ]);
  });

  it('reads the public URL without a trailing slash', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ RATUSZ_PUBLIC_URL: 'https://311.example.org/' }).publicUrl).toBe(
      'https://311.example.org',
    );
    expect(loadConfig({ RATUSZ_PUBLIC_URL: 'https://example.org/city/api/' }).publicUrl).toBe(
      'https://example.org/city/api',
    );
  });

  it.each([
    'ftp://311.example.org',
    '311.example.org',
    'https://user:secret@311.example.org',
    'https://311.example.org/?next=/',
    'https://311.example.org/#top',
  ])('rejects public URL %s', (value) => {
    expect(() => loadConfig({ RATUSZ_PUBLIC_URL: value })).toThrow(
      /RATUSZ_PUBLIC_URL must be an http:\/\/ or https:\/\/ URL without credentials, query or fragment/,
    );
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).port).toBe(4000);
  });
});
