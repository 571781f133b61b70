import { pabulibImporter } from './budget/pabulib.importer';
import { caseImporters } from './cases/case.module';
import { districtPopulationImporter } from './consultations/district-population.importer';
import { participantRegisterImporter } from './consultations/participant-register.importer';
import { polisImporter } from './consultations/polis.importer';
import type { Importer } from './imports/importer';

/** Every file format the `import` command reads, by the kind named on its command line. */
export const importers: Importer[] = [
  pabulibImporter,
  ...caseImporters,
  polisImporter,
  participantRegisterImporter,
  districtPopulationImporter,
];
