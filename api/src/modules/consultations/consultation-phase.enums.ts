import type {
  ConsultationAudience,
  ConsultationPhase,
  KeywordLanguage,
  ResultsPolicy,
} from '@ratusz/shared';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

/** GraphQL enum object for `ConsultationPhase`. */
export const ConsultationPhaseEnum: Record<ConsultationPhase, ConsultationPhase> = {
  DRAFT: 'DRAFT',
  OPEN: 'OPEN',
  CLOSED: 'CLOSED',
  RESULTS_PUBLISHED: 'RESULTS_PUBLISHED',
};
registerEnumType(ConsultationPhaseEnum, {
  name: 'ConsultationPhase',
  description: 'Phase of a consultation. Phases only move forward.',
  valuesConfig: {
    DRAFT: {
      description: 'Being prepared: settings and questionnaire can change, nobody takes part.',
    },
    OPEN: { description: 'Participants answer, add statements and vote.' },
    CLOSED: {
      description: 'No more participation; results show under the AFTER_CLOSE and LIVE policies.',
    },
    RESULTS_PUBLISHED: { description: 'Closed with results published under every policy.' },
  },
});

/** GraphQL enum object for `ResultsPolicy`. */
export const ResultsPolicyEnum: Record<ResultsPolicy, ResultsPolicy> = {
  LIVE: 'LIVE',
  AFTER_CLOSE: 'AFTER_CLOSE',
  AT_PUBLICATION_TIME: 'AT_PUBLICATION_TIME',
};
registerEnumType(ResultsPolicyEnum, {
  name: 'ResultsPolicy',
  description:
    'When counts become public. Before then, every results field is null and subscriptions send nothing.',
  valuesConfig: {
    LIVE: { description: 'From the moment the consultation opens.' },
    AFTER_CLOSE: { description: 'Once the consultation is CLOSED.' },
    AT_PUBLICATION_TIME: {
      description: 'Once results are published, by request or at resultsPublishAt.',
    },
  },
});

/** GraphQL enum object for `ConsultationAudience`. */
export const ConsultationAudienceEnum: Record<ConsultationAudience, ConsultationAudience> = {
  ANYONE: 'ANYONE',
  VERIFIED_RESIDENTS: 'VERIFIED_RESIDENTS',
  AREA_RESIDENTS: 'AREA_RESIDENTS',
};
registerEnumType(ConsultationAudienceEnum, {
  name: 'ConsultationAudience',
  description: 'Who may take part, checked against the participant register.',
  valuesConfig: {
    ANYONE: { description: 'Any participant id.' },
    VERIFIED_RESIDENTS: { description: 'Participants listed in the participant register.' },
    AREA_RESIDENTS: {
      description: 'Registered participants whose district is one of the target districts.',
    },
  },
});

/** GraphQL enum object for `KeywordLanguage`: GraphQL names in capitals, stored codes in ISO 639-1. */
export const TextLanguageEnum: Record<'PL' | 'EN', KeywordLanguage> = {
  PL: 'pl',
  EN: 'en',
};
registerEnumType(TextLanguageEnum, {
  name: 'TextLanguage',
  description: 'Language of open-text answers, for the stop words and stemmer of keywords.',
  valuesConfig: {
    PL: { description: 'Polish.' },
    EN: { description: 'English.' },
  },
});

@ObjectType({ description: 'Population of one district.' })
export class DistrictPopulation {
  @Field(() => String, { description: 'District name, as in the participant register.' })
  district!: string;

  @Field(() => Int, { description: 'Number of residents.' })
  population!: number;
}
