// Who is calling: set on the request by the auth plugin (src/auth/plugin.ts) once the bearer
// token verified. Routes never read headers for identity themselves.
export interface AgencyPrincipal {
  /** Agency id from infra/agencies/agencies.yaml, e.g. `caf`. */
  id: string;
  /** The agency's sector: pseudonyms are per sector. */
  sector: string;
  /** `urn:relais:agency:<id>`: the CloudEvents source of what it publishes. */
  urn: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated agency; routes under the auth plugin can rely on it. */
    agency: AgencyPrincipal;
  }
}
