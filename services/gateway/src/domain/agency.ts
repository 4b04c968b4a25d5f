// Who is calling: an agency of the catalog, authenticated by the gateway (src/auth/).
import type { AgencyId } from '@relais/contracts';

export interface AgencyPrincipal {
  /** Agency id from infra/agencies/agencies.yaml, e.g. `caf`. */
  id: AgencyId;
  /** The agency's sector: pseudonyms are per sector. */
  sector: string;
  /** `urn:relais:agency:<id>`: the CloudEvents source of what it publishes. */
  urn: string;
}
