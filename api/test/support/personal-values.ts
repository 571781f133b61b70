/**
 * Personal values that the test fixtures send into the API. The suite-wide privacy scan
 * (`privacy-scan.global.ts`) searches every log line and every public response for them, so
 * fixtures import them from here instead of repeating the literals.
 *
 * The demo seed (`src/modules/demo`) contains no personal values: its voters and participants are
 * generated ids (`demo-voter-1`) that are stored only as keyed hashes.
 */

/** Kind of a personal value, as the scan reports it. */
export type PersonalValueKind =
  'name' | 'e-mail address' | 'phone number' | 'address' | 'identifier' | 'free text';

/** One personal value that must never reach a log line or a public response. */
export type PersonalValue = { kind: PersonalValueKind; value: string };

/** The resident of most case, Open311 and e-mail fixtures. */
export const JAN_KOWALSKI = {
  name: 'Jan Kowalski',
  lastName: 'Kowalski',
  email: 'jan.kowalski@example.org',
  phone: '600 100 200',
  internationalPhone: '+48 600 100 200',
  address: 'Długa 5',
};

/** The neighbour that Open311 fixtures report under her own contact details. */
export const ANNA_NOWAK = {
  firstName: 'Anna',
  lastName: 'Nowak',
  email: 'resident@example.org',
  address: 'Hoża 5/12',
};

/** Values of the all-intakes privacy test, each unusual enough that a match by chance is unlikely. */
export const ZBYGNIEWA_QWERTOWSKA = {
  firstName: 'Zbygniewa',
  lastName: 'Qwertowska',
  email: 'zbygniewa.qwertowska@example.test',
  phone: '+48 601 987 654',
  freeText: 'Sąsiadka Qwertowska trzyma kozy na balkonie ZX-SECRET-4471',
  login: 'resident.qwertowska@example.test',
  voterId: 'PESEL-94120833771',
  participantId: 'participant-ZX9-Qwertowska',
  note: 'Called the resident back on 601987654 about the goats',
};

/**
 * People of the export, erasure and staff-read fixtures (`personValues` in `test/privacy/seed.ts`):
 * a surname that goes into every free-text value of the person, and the number that makes the
 * person's e-mail address, phone and identifiers unique.
 */
export const PRIVACY_FIXTURE_PEOPLE = {
  zofia: { marker: 'Quellmaker', number: 7781 },
  bartosz: { marker: 'Vantridge', number: 4410 },
  staffRead: { marker: 'Orlendorf', number: 5120 },
};

/** Every personal value of the fixtures above, in the forms a leak could take. */
export const SEEDED_PERSONAL_VALUES: PersonalValue[] = [
  { kind: 'name', value: JAN_KOWALSKI.name },
  { kind: 'name', value: JAN_KOWALSKI.lastName },
  { kind: 'e-mail address', value: JAN_KOWALSKI.email },
  { kind: 'phone number', value: JAN_KOWALSKI.phone },
  { kind: 'phone number', value: JAN_KOWALSKI.phone.replace(/\s/g, '') },
  { kind: 'address', value: JAN_KOWALSKI.address },
  { kind: 'name', value: `${ANNA_NOWAK.firstName} ${ANNA_NOWAK.lastName}` },
  { kind: 'name', value: ANNA_NOWAK.lastName },
  { kind: 'e-mail address', value: ANNA_NOWAK.email },
  { kind: 'address', value: ANNA_NOWAK.address },
  { kind: 'name', value: ZBYGNIEWA_QWERTOWSKA.firstName },
  { kind: 'name', value: ZBYGNIEWA_QWERTOWSKA.lastName },
  { kind: 'e-mail address', value: ZBYGNIEWA_QWERTOWSKA.email },
  { kind: 'e-mail address', value: ZBYGNIEWA_QWERTOWSKA.login },
  { kind: 'phone number', value: ZBYGNIEWA_QWERTOWSKA.phone },
  { kind: 'phone number', value: '601987654' },
  { kind: 'free text', value: ZBYGNIEWA_QWERTOWSKA.freeText },
  { kind: 'free text', value: 'ZX-SECRET-4471' },
  { kind: 'free text', value: ZBYGNIEWA_QWERTOWSKA.note },
  { kind: 'identifier', value: ZBYGNIEWA_QWERTOWSKA.voterId },
  { kind: 'identifier', value: ZBYGNIEWA_QWERTOWSKA.participantId },
  ...Object.values(PRIVACY_FIXTURE_PEOPLE).flatMap(({ marker, number }): PersonalValue[] => [
    { kind: 'free text', value: marker },
    { kind: 'e-mail address', value: `${marker.toLowerCase()}.${number}@example.org` },
    { kind: 'phone number', value: `600 ${number} ${number}` },
  ]),
];
