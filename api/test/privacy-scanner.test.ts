import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataDir, hasData } from './support/data';
import { JAN_KOWALSKI, ZBYGNIEWA_QWERTOWSKA } from './support/personal-values';
import { findPersonalData, scanFolder } from './support/privacy-scanner';
import { recordPublicResponse } from './support/public-responses';

describe('privacy scanner', () => {
  let folder: string;
  let scanFolderBefore: string | undefined;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-scanner-test-'));
    scanFolderBefore = process.env.RATUSZ_TEST_SCAN_DIR;
    process.env.RATUSZ_TEST_SCAN_DIR = folder;
  });

  afterEach(() => {
    process.env.RATUSZ_TEST_SCAN_DIR = scanFolderBefore;
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('reports planted log lines with file and value', () => {
    fs.writeFileSync(
      path.join(folder, 'api.log'),
      [
        '{"level":20,"msg":"request handled"}',
        `{"level":30,"msg":"case opened","description":"${ZBYGNIEWA_QWERTOWSKA.freeText}"}`,
        '{"level":30,"msg":"mail from someone.new@mail.example"}',
        '',
      ].join('\n'),
    );

    const result = scanFolder(folder);

    expect(result.logLines).toBe(3);
    expect(result.responses).toBe(0);
    expect(
      result.findings.map(({ file, line, kind, value }) => ({ file, line, kind, value })),
    ).toEqual([
      { file: 'api.log', line: 2, kind: 'seeded free text', value: ZBYGNIEWA_QWERTOWSKA.freeText },
      { file: 'api.log', line: 3, kind: 'e-mail address', value: 'someone.new@mail.example' },
    ]);
  });

  it('reports planted public responses', () => {
    recordPublicResponse(
      'anonymous GET /open311/v2/requests.json',
      '[{"description":"call 600100200"}]',
    );
    recordPublicResponse(
      'anonymous POST /graphql',
      `{"data":{"case":{"note":"${JAN_KOWALSKI.name} called"}}}`,
    );
    recordPublicResponse(
      'anonymous POST /graphql',
      '{"data":{"case":{"phone":"+48 512 345 678"}}}',
    );
    recordPublicResponse(
      `anonymous GET /open311/v2/requests.json?q=${JAN_KOWALSKI.lastName}`,
      '[]',
    );

    const result = scanFolder(folder);
    const [file] = fs.readdirSync(folder);

    expect(result.responses).toBe(4);
    expect(
      result.findings.map(({ file, line, kind, value }) => ({ file, line, kind, value })),
    ).toEqual([
      { file, line: 1, kind: 'seeded phone number', value: '600100200' },
      { file, line: 2, kind: 'seeded name', value: JAN_KOWALSKI.name },
      { file, line: 3, kind: 'international phone number', value: '+48 512 345 678' },
    ]);
    expect(result.findings[0]!.excerpt).toContain('/open311/v2/requests.json');
  });

  it('matches values in any case', () => {
    expect(findPersonalData('Reported by QWERTOWSKA')).toEqual([
      { kind: 'seeded name', value: 'QWERTOWSKA' },
    ]);
  });

  it('ignores words that only contain a value', () => {
    expect(findPersonalData('ulica Nowakowskiego, Kowalskiego 12, 16001002001')).toEqual([]);
  });

  it('skips only exactly allowed values', () => {
    const allowed = [{ value: 'contact@city.example', reason: 'published contact of the city' }];

    expect(
      findPersonalData('write to contact@city.example or mayor@city.example', undefined, allowed),
    ).toEqual([{ kind: 'e-mail address', value: 'mayor@city.example' }]);
  });

  it('ignores user names in URLs', () => {
    expect(findPersonalData('connecting to postgres://postgres@127.0.0.1:5432/test')).toEqual([]);
  });

  it.skipIf(!hasData)('finds nothing in the real data sets', () => {
    const findings: string[] = [];
    let files = 0;
    for (const entry of fs.readdirSync(dataDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) {
        continue;
      }
      files += 1;
      const file = path.join(entry.parentPath, entry.name);
      for (const { kind, value } of findPersonalData(fs.readFileSync(file, 'utf8'))) {
        findings.push(`${kind} ${JSON.stringify(value)} in ${path.relative(dataDir, file)}`);
      }
    }

    expect(files).toBeGreaterThan(10);
    expect(findings).toEqual([]);
  });
});
