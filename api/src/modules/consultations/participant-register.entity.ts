import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One verified resident in the participant register, which audience checks read until
 * accounts exist. The raw resident id is never stored.
 */
@Entity({ tableName: 'participant_register' })
export class RegisteredParticipant {
  /** Keyed hash of the resident id (see `registerHash`). */
  @PrimaryKey({ type: 'string', length: 64 })
  residentHash!: string;

  @Property({ type: 'string', length: 100 })
  district!: string;

  @Property({ type: 'datetime' })
  registeredAt!: Date;
}
