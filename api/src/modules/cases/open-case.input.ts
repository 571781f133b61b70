import { Field, Float, ID, InputType } from 'type-graphql';
import type { CaseChannel } from '@ratusz/shared';
import { CaseChannelEnum } from './case.enums';

@InputType({ description: 'A new service request.' })
export class OpenCaseInput {
  @Field(() => ID, { description: 'Jurisdiction that receives the case.' })
  jurisdictionId!: string;

  @Field(() => ID, { description: 'Category of the request; must belong to the jurisdiction.' })
  categoryId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'District of the request; must belong to the jurisdiction.',
  })
  districtId?: string | null;

  @Field(() => Float, { nullable: true, description: 'Latitude in degrees, from -90 to 90.' })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude in degrees, from -180 to 180.' })
  longitude?: number | null;

  @Field(() => CaseChannelEnum, { description: 'Channel through which the request arrived.' })
  channel!: CaseChannel;

  @Field(() => String, {
    nullable: true,
    description:
      "The resident's description. Stored for staff and never returned by public fields.",
  })
  description?: string | null;
}
