import { parseNyc311Csv } from './import/nyc311.parser';
import { serviceRequestImporter } from './service-request.importer';

/** NYC Open Data "311 Service Requests" CSV extracts, as jurisdiction `nyc`. */
export const nyc311Importer = serviceRequestImporter({
  kind: 'nyc311',
  description: 'NYC Open Data 311 service requests (CSV) into jurisdiction nyc',
  parse: parseNyc311Csv,
  jurisdiction: () => ({ code: 'nyc', name: 'New York City' }),
});
