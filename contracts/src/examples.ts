// Example payloads for documentation, demos, benchmarks and tests: one place, typed by the
// generated contract types, so a field renamed in a contract is renamed here once. Dates are
// left to the caller (tests hand them relative to their clock).
import type { AddressChanged } from './generated/index.ts';

export type { MoveKind } from './generated/residence/AddressChanged.ts';

/** A move within Lyon as the mairie declares it, without its two dates. */
export function exampleMove(
  changes: Partial<Omit<AddressChanged, 'effectiveDate' | 'declaredAt'>> = {},
): Omit<AddressChanged, 'effectiveDate' | 'declaredAt'> {
  return {
    street: '12 rue de la République',
    additionalLine: null,
    postcode: '69002',
    cityCode: '69382',
    city: 'LYON',
    countryCode: 'FR',
    moveKind: 'WITHIN_COMMUNE',
    ...changes,
  };
}
