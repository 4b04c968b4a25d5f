// Who is calling: set on the request by the citizen plugin (src/auth/plugin.ts) once the bearer
// token verified and its portal pseudonym resolved. Routes never read headers for identity.
import type { Pivot, Pseudonym } from '@relais/identity';

/** eIDAS level of the citizen's sign-in (FranceConnect's acr): low, substantial, high. */
export type EidasLevel = 'eidas1' | 'eidas2' | 'eidas3';

export interface Citizen {
  /** Relais' own identifier of the citizen: never answered, never logged, never in a receipt. */
  pivot: Pivot;
  /** The citizen's pseudonym in sector `portal` (the token's `sub`): what receipts name. */
  pseudonym: Pseudonym;
  /** The level the citizen signed in at (the portal's token `acr`). */
  acr: EidasLevel;
  /** Signed in with a development token (HS256): every answer then says so in a header. */
  developmentToken?: true;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated citizen; routes under the citizen plugin can rely on it. */
    citizen: Citizen;
  }
}
