import { Field, ObjectType } from 'type-graphql';

/**
 * An expected domain outcome returned in a mutation payload (a closed edition, a ballot over
 * its limit), as opposed to an exception. `code` is stable for programs, `field` points at the
 * input, and `message` is English text for people.
 */
@ObjectType({ description: 'A problem with the input of a mutation, returned in its payload.' })
export class UserError {
  @Field(() => String, { description: 'Stable machine-readable code, such as BALLOT_TOO_LONG.' })
  code!: string;

  @Field(() => [String], { description: 'Path of the input field at fault, empty for the whole input.' })
  field!: string[];

  @Field(() => String, { description: 'Explanation in English naming the value and the fix.' })
  message!: string;
}

/** Builds a `UserError`. */
export function userError(code: string, message: string, field: string[] = []): UserError {
  return Object.assign(new UserError(), { code, message, field });
}
