import { parseLa311Csv } from './import/la311.parser';
import { serviceRequestImporter } from './service-request.importer';

/** MyLA311 service request CSV extracts, as jurisdiction `la`. */
export const la311Importer = serviceRequestImporter({
  kind: 'la311',
  description: 'MyLA311 service requests (CSV) into jurisdiction la',
  parse: parseLa311Csv,
  jurisdiction: () => ({ code: 'la', name: 'Los Angeles' }),
});
