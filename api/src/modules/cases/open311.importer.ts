import { MalformedFileError } from '../imports/importer';
import { parseOpen311Json } from './import/open311.parser';
import { serviceRequestImporter } from './service-request.importer';

const JURISDICTION_CODE = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * GeoReport v2 `requests.json` from any city. The file does not name its city, so the
 * jurisdiction comes from `--jurisdiction=<code>` (and optionally `--jurisdiction-name=<name>`).
 */
export const open311Importer = serviceRequestImporter({
  kind: 'open311',
  description:
    'Open311 GeoReport v2 requests (JSON); needs --jurisdiction=<code> [--jurisdiction-name=<name>]',
  parse: parseOpen311Json,
  jurisdiction: (options, file) => {
    const code = options.jurisdiction;
    if (!code || !JURISDICTION_CODE.test(code)) {
      const got = code === undefined ? 'it is missing' : `got ${JSON.stringify(code)}`;
      throw new MalformedFileError(
        file,
        undefined,
        undefined,
        `open311 needs --jurisdiction=<code>, a lower-case code of letters, digits and hyphens such as chicago (${got})`,
      );
    }

    return { code, name: options['jurisdiction-name'] || code };
  },
});
