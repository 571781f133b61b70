import type { ConsultationAudience, ConsultationPhase } from '@ratusz/shared';
import { userError, type UserError } from '../../platform/graphql/user-error';

/** Builds the error for an id that names no consultation. */
export function consultationNotFound(consultationId: string, field = 'consultationId'): UserError {
  return userError(
    'NOT_FOUND',
    `No consultation has id ${JSON.stringify(consultationId)}: pass the id of a consultation from the consultations query.`,
    [field],
  );
}

/** Builds the error for a request that the consultation's current phase does not allow. */
export function wrongPhase(
  action: string,
  phase: ConsultationPhase,
  allowed: ConsultationPhase[],
  field = 'consultationId',
): UserError {
  return userError(
    'WRONG_PHASE',
    `The consultation is ${phase}, and ${action} is possible only while it is ${allowed.join(' or ')}.`,
    [field],
  );
}

/** Builds the error for a participant the consultation's audience leaves out. */
export function notInAudience(audience: ConsultationAudience, reason: string): UserError {
  return userError(
    'NOT_IN_AUDIENCE',
    `This consultation is open to ${audience} only and ${reason}.`,
    ['participantId'],
  );
}
