import { parseSf311Json } from './import/sf311.parser';
import { serviceRequestImporter } from './service-request.importer';

/** San Francisco's 2010 Open311 JSON export, as jurisdiction `sf`. */
export const sf311Importer = serviceRequestImporter({
  kind: 'sf311',
  description: 'San Francisco Open311 export (JSON, 2010 shape) into jurisdiction sf',
  parse: parseSf311Json,
  jurisdiction: () => ({ code: 'sf', name: 'San Francisco' }),
});
