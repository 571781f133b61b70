import { caseImporters } from './cases/case.module';
import { polisImporter } from './consultations/polis.importer';
import type { Importer } from './imports/importer';

/** Every file format the `import` command reads, by the kind named on its command line. */
export const importers: Importer[] = [polisImporter, ...caseImporters];
