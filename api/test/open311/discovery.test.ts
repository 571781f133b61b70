import 'reflect-metadata';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import { startTestServer, type TestServer } from '../support/server';

/** Sends a GET to the test server with a Host header of the caller's choice. */
function getWithHost(
  port: number,
  path: string,
  host: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path, method: 'GET', headers: { host } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

const HOSTILE_HOST = 'attacker.example';

describe('Open311 discovery URL', () => {
  let configured: TestServer;
  let unconfigured: TestServer;

  beforeAll(async () => {
    configured = await startTestServer({ RATUSZ_PUBLIC_URL: 'https://311.example.org/city/' });
    unconfigured = await startTestServer();
  });

  afterAll(async () => {
    await configured?.stop();
    await unconfigured?.stop();
  });

  it('uses the public URL in JSON', async () => {
    const response = await getWithHost(configured.port, '/open311/discovery.json', HOSTILE_HOST);
    const body = JSON.parse(response.body);

    expect(response.status).toBe(200);
    expect(body.endpoints[0].url).toBe('https://311.example.org/city/open311/v2');
    expect(response.body).not.toContain(HOSTILE_HOST);
  });

  it('uses the public URL in XML', async () => {
    const response = await getWithHost(configured.port, '/open311/v2/discovery.xml', HOSTILE_HOST);
    const xml = create(response.body).end({ format: 'object' }) as any;

    expect(response.status).toBe(200);
    expect(xml.discovery.endpoints.endpoint.url).toBe('https://311.example.org/city/open311/v2');
    expect(response.body).not.toContain(HOSTILE_HOST);
  });

  it('falls back to the listening address', async () => {
    const response = await getWithHost(unconfigured.port, '/open311/discovery.json', HOSTILE_HOST);
    const body = JSON.parse(response.body);

    expect(body.endpoints[0].url).toBe(`http://127.0.0.1:${unconfigured.port}/open311/v2`);
    expect(response.body).not.toContain(HOSTILE_HOST);
  });
});
