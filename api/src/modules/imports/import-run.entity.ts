import { Entity, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * One completed import of a file. The SHA-256 of the file's bytes identifies it, so importing
 * the same file again is recognised and changes nothing.
 */
@Entity({ tableName: 'import_run' })
@Unique({ properties: ['kind', 'sha256'] })
export class ImportRun {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  /** Importer that read the file, such as `pabulib` or `nyc311`. */
  @Property({ type: 'string', length: 40 })
  kind!: string;

  /** File name without its folder, for people reading the import history. */
  @Property({ type: 'string', length: 255 })
  fileName!: string;

  @Property({ type: 'string', length: 64 })
  sha256!: string;

  @Property({ type: 'integer' })
  rowsImported!: number;

  @Property({ type: 'integer' })
  rowsRejected!: number;

  /** Id of the record the import created (an edition, a consultation), when there is one. */
  @Property({ type: 'string', length: 64, nullable: true })
  targetId?: string | null;

  @Property({ type: 'datetime' })
  importedAt: Date & Opt = new Date();
}
