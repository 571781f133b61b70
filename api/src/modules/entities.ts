import type { AnyEntity, EntityClass } from '@mikro-orm/core';
import { caseEntities } from './cases/case.module';
import { ImportRun } from './imports/import-run.entity';

/** Every persisted entity, listed explicitly so discovery never depends on file globs. */
export const entities: EntityClass<AnyEntity>[] = [ImportRun, ...caseEntities];
