import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { seedCases, type SeededCity } from '../cases/fixtures';

const CREATE = `mutation Create($input: CreateKbArticleInput!) {
  createKbArticle(input: $input) { articleId latestVersion publishedVersion errors { code field message } }
}`;

const EDIT = `mutation Edit($input: EditKbArticleInput!) {
  editKbArticle(input: $input) { articleId latestVersion publishedVersion errors { code message } }
}`;

const PUBLISH = `mutation Publish($input: PublishKbArticleInput!) {
  publishKbArticle(input: $input) { articleId publishedVersion errors { code field message } }
}`;

const SEARCH = `query Search($text: String!, $language: KbLanguage, $categoryId: ID) {
  searchKbArticles(text: $text, language: $language, categoryId: $categoryId) {
    totalCount
    edges { node { id version titlePl titleEn categoryIds } }
  }
}`;

const HOUR_MS = 3_600_000;

describe('knowledge base articles', () => {
  let server: TestServer;
  let city: SeededCity;

  async function article(
    texts: { titlePl: string; bodyPl: string; titleEn: string; bodyEn: string },
    category = 'Potholes',
    window: { publishAt?: string; expiresAt?: string } | null = {},
  ): Promise<string> {
    const created = await server.graphql(
      CREATE,
      { input: { categoryIds: [city.categories[category]], ...texts } },
      { as: 'AGENT' },
    );
    expect(created.data!.createKbArticle.errors).toEqual([]);
    const articleId = created.data!.createKbArticle.articleId;
    if (window) {
      const published = await server.graphql(
        PUBLISH,
        { input: { articleId, version: 1, ...window } },
        { as: 'AGENT' },
      );
      expect(published.data!.publishKbArticle.errors).toEqual([]);
    }

    return articleId;
  }

  async function search(text: string, variables: Record<string, unknown> = {}): Promise<string[]> {
    const response = await server.graphql(SEARCH, { text, ...variables });
    expect(response.errors).toBeUndefined();

    return response.data!.searchKbArticles.edges.map((edge: any) => edge.node.id);
  }

  beforeAll(async () => {
    server = await startTestServer();
    city = await seedCases(server.orm, 'kb', 'Knowledge City', [
      { category: 'Potholes', createdAt: '2026-01-05T09:00:00Z' },
      { category: 'Waste', createdAt: '2026-01-05T09:00:00Z' },
    ]);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('search ranks title matches first in Polish', async () => {
    const inBody = await article({
      titlePl: 'Zgłaszanie usterek',
      bodyPl: 'Każdą dziurę w jezdni zgłoś przez formularz.',
      titleEn: 'Reporting faults',
      bodyEn: 'Report any road damage through the form.',
    });
    const inTitle = await article({
      titlePl: 'Dziura w jezdni',
      bodyPl: 'Drogowcy łatają dziurę w ciągu siedmiu dni.',
      titleEn: 'Road damage',
      bodyEn: 'Road crews patch it within seven days.',
    });

    const ids = await search('dziura', { language: 'PL' });

    expect(ids).toEqual([inTitle]);
    const both = await search('dziura dziurę', { language: 'PL' });
    expect(both).toEqual([inTitle, inBody]);
  });

  it('search ranks in English', async () => {
    const bins = await article(
      {
        titlePl: 'Odbiór śmieci',
        bodyPl: 'Harmonogram wywozu odpadów.',
        titleEn: 'Bin collection',
        bodyEn: 'Bins are collected every Tuesday.',
      },
      'Waste',
    );
    const bulky = await article(
      {
        titlePl: 'Odpady wielkogabarytowe',
        bodyPl: 'Meble odbieramy raz w miesiącu.',
        titleEn: 'Bulky waste',
        bodyEn: 'Old furniture is collected monthly; keep bins separate.',
      },
      'Waste',
    );

    expect(await search('collecting bins', { language: 'EN' })).toEqual([bins, bulky]);
    expect(await search('furniture', { language: 'EN' })).toEqual([bulky]);
    expect(await search('furniture', { language: 'PL' })).toEqual([]);
  });

  it('search filters by category', async () => {
    const waste = await article(
      { titlePl: 'Kontener', bodyPl: 'Kontener na gruz.', titleEn: 'Skip', bodyEn: 'A skip for rubble.' },
      'Waste',
    );
    const road = await article({
      titlePl: 'Kontener na jezdni',
      bodyPl: 'Kontener wymaga zezwolenia.',
      titleEn: 'Skip on the road',
      bodyEn: 'A skip on the road needs a permit.',
    });

    expect(await search('kontener', { categoryId: city.categories.Waste })).toEqual([waste]);
    expect(await search('kontener', { categoryId: city.categories.Potholes })).toEqual([road]);
  });

  it('search hides unpublished and expired articles', async () => {
    const texts = {
      titlePl: 'Zaświadczenie o zameldowaniu',
      bodyPl: 'Wniosek składa się w urzędzie.',
      titleEn: 'Residence certificate',
      bodyEn: 'Apply at the office.',
    };
    const draft = await article(texts, 'Potholes', null);
    const now = Date.now();
    const expired = await article(texts, 'Potholes', {
      publishAt: new Date(now - 2 * HOUR_MS).toISOString(),
      expiresAt: new Date(now - HOUR_MS).toISOString(),
    });
    const future = await article(texts, 'Potholes', { publishAt: new Date(now + HOUR_MS).toISOString() });
    const live = await article(texts, 'Potholes', { expiresAt: new Date(now + HOUR_MS).toISOString() });

    const ids = await search('zaswiadczenie');
    expect(await search('Zaświadczenie')).toEqual(ids);

    expect(ids).toEqual([live]);
    expect(ids).not.toContain(draft);
    expect(ids).not.toContain(expired);
    expect(ids).not.toContain(future);
  });

  it('edits stay hidden until published', async () => {
    const articleId = await article({
      titlePl: 'Oświetlenie ulic',
      bodyPl: 'Latarnie włączają się o zmroku.',
      titleEn: 'Street lighting',
      bodyEn: 'Lamps switch on at dusk.',
    });
    const edited = await server.graphql(
      EDIT,
      {
        input: {
          articleId,
          titlePl: 'Oświetlenie ulic i parków',
          bodyPl: 'Latarnie w parkach świecą do północy.',
          titleEn: 'Street and park lighting',
          bodyEn: 'Park lamps stay on until midnight.',
        },
      },
      { as: 'AGENT' },
    );

    expect(edited.data!.editKbArticle.latestVersion).toBe(2);
    expect(edited.data!.editKbArticle.publishedVersion).toBe(1);
    expect(await search('parków')).toEqual([]);
    const republished = await server.graphql(PUBLISH, { input: { articleId, version: 2 } }, { as: 'AGENT' });
    expect(republished.data!.publishKbArticle.publishedVersion).toBe(2);
    expect(await search('parków')).toEqual([articleId]);
    expect(await search('zmroku')).toEqual([]);
  });

  it('search folds the Polish ł', async () => {
    const articleId = await article({
      titlePl: 'Łódź na stawie',
      bodyPl: 'Wypożyczalnia łodzi.',
      titleEn: 'Boat hire',
      bodyEn: 'Boats on the pond.',
    });

    expect(await search('lodz')).toEqual([articleId]);
    expect(await search('ŁÓDŹ')).toEqual([articleId]);
  });

  it('search ignores query syntax', async () => {
    for (const text of ['"', 'title_pl: x', 'a OR', '(*)', 'foo & !bar', '']) {
      const response = await server.graphql(SEARCH, { text });
      expect(response.errors, text).toBeUndefined();
    }
  });

  it('mutations reject invalid input', async () => {
    const empty = await server.graphql(
      CREATE,
      { input: { categoryIds: [], titlePl: '', bodyPl: 'x', titleEn: 'x', bodyEn: 'x' } },
      { as: 'AGENT' },
    );
    const codes = empty.data!.createKbArticle.errors.map((error: any) => error.code);
    expect(codes).toContain('INVALID_TITLE');
    expect(codes).toContain('UNKNOWN_CATEGORY');

    const articleId = await article({ titlePl: 'a', bodyPl: 'b', titleEn: 'c', bodyEn: 'd' }, 'Potholes', null);
    const noVersion = await server.graphql(PUBLISH, { input: { articleId, version: 9 } }, { as: 'AGENT' });
    expect(noVersion.data!.publishKbArticle.errors[0].code).toBe('UNKNOWN_VERSION');
    const badWindow = await server.graphql(
      PUBLISH,
      { input: { articleId, version: 1, publishAt: '2026-02-01T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z' } },
      { as: 'AGENT' },
    );
    expect(badWindow.data!.publishKbArticle.errors[0].code).toBe('INVALID_EXPIRY');
  });

  it('mutations need a staff role', async () => {
    const input = { categoryIds: [city.categories.Potholes], titlePl: 'a', bodyPl: 'b', titleEn: 'c', bodyEn: 'd' };
    const anonymous = await server.graphql(CREATE, { input });
    const resident = await server.graphql(CREATE, { input }, { as: 'RESIDENT' });

    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(resident.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
