import path from 'node:path';
import { MalformedFileError, type Importer } from '../imports/importer';
import { parseDistrictBoundaries } from './district-boundaries';
import { ensureJurisdiction } from './reference.service';
import { storeDistrictBoundaries } from './routing-admin.service';

const JURISDICTION_CODE = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Problems listed in the error of a rejected file; the rest are counted. */
const MAX_LISTED_PROBLEMS = 5;

/**
 * GeoJSON FeatureCollection of district boundaries, for files too large for the GraphQL
 * request limit. The jurisdiction comes from `--jurisdiction=<code>` and is created (named by
 * `--jurisdiction-name`) when missing. Any invalid feature rejects the whole file.
 */
export const districtBoundariesImporter: Importer = {
  kind: 'district-boundaries',
  description:
    'District boundaries (GeoJSON FeatureCollection, a name property per feature); needs --jurisdiction=<code>',
  run: async (filePath, content, context) => {
    const file = path.basename(filePath);
    const code = context.options.jurisdiction;
    if (!code || !JURISDICTION_CODE.test(code)) {
      throw new MalformedFileError(
        file,
        undefined,
        undefined,
        'district-boundaries needs --jurisdiction=<code>, a lower-case code of letters, digits and hyphens such as demo',
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(content.toString('utf8'));
    } catch (error) {
      throw new MalformedFileError(
        file,
        undefined,
        undefined,
        `invalid JSON: ${(error as Error).message}`,
      );
    }
    const parsed = parseDistrictBoundaries(json);
    if (parsed.errors.length > 0) {
      const listed = parsed.errors.slice(0, MAX_LISTED_PROBLEMS).map((error) => error.message);
      const more = parsed.errors.length - listed.length;
      throw new MalformedFileError(
        file,
        undefined,
        undefined,
        `${listed.join(' ')}${more > 0 ? ` (and ${more} more problems)` : ''}`,
      );
    }
    const jurisdiction = await ensureJurisdiction(
      context.em,
      code,
      context.options['jurisdiction-name'] || code,
    );
    const districts = await storeDistrictBoundaries(context.em, jurisdiction, parsed.boundaries);
    await context.em.flush();

    return {
      imported: districts.length,
      rejected: [],
      warnings: [],
      targetId: jurisdiction.id,
      details: { jurisdiction: jurisdiction.code },
    };
  },
};
