import type { EntityManager } from '@mikro-orm/core';
import type { ConsultationPhase } from '@ratusz/shared';
import type { Viewer } from '../../platform/auth/viewer';
import type { Config } from '../../platform/config';
import type { UserError } from '../../platform/graphql/user-error';
import { hashIdentifier } from '../../platform/identity';
import { invalidPersonId, personIdProblem } from '../../platform/ids';
import { verifiedParticipationProblem } from '../accounts/required-verification';
import type { Consultation } from './consultation.entity';
import { loadConsultation } from './consultation-phase';
import { currentPhase } from './consultation-policy';
import { RegisteredParticipant } from './participant-register.entity';
import { notInAudience, wrongPhase } from './participation.errors';

/** Namespace of register hashes, shared by every consultation so one register serves all. */
const REGISTER_NAMESPACE = 'participant-register';

/** Derives the register hash of a resident id; the CSV import and audience checks both use it. */
export function registerHash(hashKey: string, residentId: string): string {
  return hashIdentifier(hashKey, REGISTER_NAMESPACE, residentId);
}

/** A participant allowed to take part, with their register district when they have one. */
export type Participation = { ok: true; district: string | null } | { ok: false; error: UserError };

/**
 * Checks that a participant may take part in a consultation now: the participant id is usable,
 * the consultation is OPEN, and the participant belongs to its audience. With
 * `requiredVerification` set, `viewer` must also be a verified resident account linked to that
 * id. Participants are looked up in the register for every audience, so turnout can use their
 * district.
 */
export async function checkParticipation(
  em: EntityManager,
  config: Pick<Config, 'hashKey'>,
  consultation: Consultation,
  participant: { participantId: string; viewer: Viewer | undefined },
  action: string,
  now: Date = new Date(),
): Promise<Participation> {
  const { participantId } = participant;
  const problem = personIdProblem(participantId);
  if (problem) {
    return { ok: false, error: invalidPersonId('participantId', problem) };
  }
  const phase: ConsultationPhase = currentPhase(consultation, now);
  if (phase !== 'OPEN') {
    return { ok: false, error: wrongPhase(action, phase, ['OPEN']) };
  }
  if (consultation.requiredVerification) {
    const verificationProblem = await verifiedParticipationProblem(em, config, participant.viewer, {
      process: 'This consultation',
      required: consultation.requiredVerification,
      personId: participantId,
      field: 'participantId',
    });
    if (verificationProblem) {
      return { ok: false, error: verificationProblem };
    }
  }

  const registered = await em.findOne(RegisteredParticipant, {
    residentHash: registerHash(config.hashKey, participantId),
  });
  switch (consultation.audience) {
    case 'ANYONE':
      break;
    case 'VERIFIED_RESIDENTS':
      if (!registered) {
        return {
          ok: false,
          error: notInAudience(
            consultation.audience,
            'the participant is not in the participant register: import the register or use a registered id',
          ),
        };
      }
      break;
    case 'AREA_RESIDENTS':
      if (!registered) {
        return {
          ok: false,
          error: notInAudience(
            consultation.audience,
            'the participant is not in the participant register: import the register or use a registered id',
          ),
        };
      }
      if (
        consultation.districts.length > 0 &&
        !consultation.districts.includes(registered.district)
      ) {
        return {
          ok: false,
          error: notInAudience(
            consultation.audience,
            `the participant's registered district is outside its area (${consultation.districts.join(', ')})`,
          ),
        };
      }
      break;
  }

  return { ok: true, district: registered?.district ?? null };
}

/**
 * Loads a consultation by a client-supplied id and checks that the participant may take part
 * in it now, returning the consultation and the participant's district or the errors.
 */
export async function loadForParticipant(
  em: EntityManager,
  config: Pick<Config, 'hashKey'>,
  request: { consultationId: string; participantId: string; viewer: Viewer | undefined },
  action: string,
  now: Date = new Date(),
): Promise<
  | { ok: true; consultation: Consultation; district: string | null }
  | { ok: false; errors: UserError[] }
> {
  const loaded = await loadConsultation(em, request.consultationId);
  if (!loaded.ok) {
    return loaded;
  }
  const { consultation } = loaded;
  const participation = await checkParticipation(
    em,
    config,
    consultation,
    request,
    action,
    now,
  );

  return participation.ok
    ? { ok: true, consultation, district: participation.district }
    : { ok: false, errors: [participation.error] };
}
