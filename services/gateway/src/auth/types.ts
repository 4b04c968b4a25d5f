// Who is calling: set on the request by the auth plugin (src/auth/plugin.ts) once the bearer
// token verified. Routes never read headers for identity themselves.
import type { AgencyPrincipal } from '../domain/agency.ts';

export type { AgencyPrincipal } from '../domain/agency.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated agency; routes under the auth plugin can rely on it. */
    agency: AgencyPrincipal;
  }
}
