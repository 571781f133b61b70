import { registerEnumType } from 'type-graphql';

/** Stage of a funded project's implementation. */
export type ImplementationStatus =
  'NOT_STARTED' | 'IN_DESIGN' | 'IN_PROGRESS' | 'COMPLETED' | 'ABANDONED';

/** GraphQL names of the implementation stages. */
export const ImplementationStatusEnum = {
  NOT_STARTED: 'NOT_STARTED',
  IN_DESIGN: 'IN_DESIGN',
  IN_PROGRESS: 'IN_PROGRESS',
  COMPLETED: 'COMPLETED',
  ABANDONED: 'ABANDONED',
} as const satisfies Record<ImplementationStatus, ImplementationStatus>;

registerEnumType(ImplementationStatusEnum, {
  name: 'ImplementationStatus',
  description: "Stage of a funded project's implementation.",
  valuesConfig: {
    NOT_STARTED: { description: 'Funded, with no work yet; progress is 0.' },
    IN_DESIGN: { description: 'Being designed or procured.' },
    IN_PROGRESS: { description: 'Being built or carried out.' },
    COMPLETED: { description: 'Done; progress is 100.' },
    ABANDONED: { description: 'Stopped for good; the reason is published.' },
  },
});
