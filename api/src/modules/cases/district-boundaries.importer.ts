import path from 'node:path';
import { MalformedFileError, type Importer } from '../imports/importer';
import { checkDistrictBoundaries } from './district-boundaries.check';
import { ensureJurisdiction } from './reference.service';
import { replaceDistrictBoundaries } from './routing-admin.service';

const JURISDICTION_CODE = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Problems listed in the error of a rejected file; the rest are counted. */
const MAX_LISTED_PROBLEMS = 5;

/** Reads the `--replace-all` flag, given bare or as `--replace-all=true`. */
function replaceAllFlag(file: string, value: string | undefined): boolean {
  if (value === undefined) {
    return false;
  }
  if (value === '' || value === 'true') {
    return true;
  }
  throw new MalformedFileError(
    file,
    undefined,
    undefined,
    `--replace-all=${value} is invalid: pass --replace-all with no value to retire every active district, or leave it out`,
  );
}

/**
 * GeoJSON FeatureCollection of district boundaries, for files too large for the GraphQL
 * request limit. The jurisdiction comes from `--jurisdiction=<code>` and is created (named by
 * `--jurisdiction-name`) when missing. `--name-property` and `--code-property` name the feature
 * properties that hold each district's name and code. Any invalid feature, or two overlapping
 * districts, rejects the whole file. The file replaces the jurisdiction's set of districts as
 * `replaceDistrictBoundaries` describes, so importing it again, or another version of it, updates
 * the districts instead of adding copies. A file that matches none of the active districts by
 * code is rejected unless `--replace-all` is given. The check stops, rejecting the file, after
 * `RATUSZ_BOUNDARY_CHECK_TIMEOUT_SECONDS`.
 */
export const districtBoundariesImporter: Importer = {
  kind: 'district-boundaries',
  description:
    'District boundaries (GeoJSON FeatureCollection); needs --jurisdiction=<code>; --name-property=<property> (default name) and --code-property=<property> (default: code, else derived from the name) pick the feature properties; --replace-all allows a file that matches no active district and retires them all',
  rerunnable: true,
  run: async (filePath, content, context) => {
    const file = path.basename(filePath);
    const code = context.options.jurisdiction;
    const replaceAll = replaceAllFlag(file, context.options['replace-all']);
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
    const parsed = await checkDistrictBoundaries(
      json,
      {
        nameProperty: context.options['name-property'],
        codeProperty: context.options['code-property'],
      },
      context.config.boundaryCheckTimeoutSeconds,
    );
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
    const replaced = await replaceDistrictBoundaries(context.em, jurisdiction, parsed.boundaries, {
      replaceAll,
      optionName: '--replace-all',
    });
    if (!replaced.value) {
      throw new MalformedFileError(
        file,
        undefined,
        undefined,
        replaced.errors.map((error) => error.message).join(' '),
      );
    }
    const { districts, retired } = replaced.value;
    await context.em.flush();

    return {
      imported: districts.length,
      rejected: [],
      warnings: [],
      targetId: jurisdiction.id,
      details: { jurisdiction: jurisdiction.code, 'districts retired': retired.length },
    };
  },
};
