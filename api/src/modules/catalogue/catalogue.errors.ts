import type { AttributeProblem } from '@ratusz/shared';
import { userError, type UserError } from '../../platform/graphql/user-error';

/** Builds the payload errors of the catalogue mutations. */
export const catalogueErrors = {
  unknownJurisdiction: (id: string): UserError =>
    userError(
      'UNKNOWN_JURISDICTION',
      `No jurisdiction has id ${JSON.stringify(id)}: pass an id returned by this API.`,
      ['input', 'jurisdictionId'],
    ),
  unknownService: (id: string): UserError =>
    userError(
      'UNKNOWN_SERVICE',
      `No service has category id ${JSON.stringify(id)}: pass a categoryId from serviceCatalogue.`,
      ['input', 'categoryId'],
    ),
  serviceExists: (code: string): UserError =>
    userError(
      'SERVICE_EXISTS',
      `Service code ${JSON.stringify(code)} already has a definition: change it with updateService.`,
      ['input', 'serviceCode'],
    ),
  invalidServiceCode: (code: string): UserError =>
    userError(
      'INVALID_SERVICE_CODE',
      `Service code ${JSON.stringify(code)} is invalid: use 1 to 120 letters, digits, '_', '.' or '-' (leading zeros are kept).`,
      ['input', 'serviceCode'],
    ),
  invalidText: (field: string, max: number): UserError =>
    userError('INVALID_TEXT', `${field} is empty or too long: write 1 to ${max} characters.`, [
      'input',
      field,
    ]),
  retired: (code: string): UserError =>
    userError(
      'SERVICE_RETIRED',
      `Service ${JSON.stringify(code)} is retired and cannot change: create a new service code.`,
      ['input', 'categoryId'],
    ),
  attribute: (problem: AttributeProblem): UserError =>
    userError('INVALID_ATTRIBUTE', problem.message, ['input', 'attributes', problem.attribute]),
};
