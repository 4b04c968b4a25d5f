// What the router reads from the catalog for every event, computed once (the hot path looks each
// contract up per event). Pure: a catalog in, lookups out.
import type { AgencyId, Catalog, Contract, DataCategory, Subscription } from '@relais/contracts';

export interface RoutingTable {
  /** The catalog's contract of this full name (`ce_type`); undefined: not routable. */
  contract(type: string): Contract | undefined;
  subscriptionsOf(contract: string): readonly Subscription[];
  /** Data category of a top-level field of a contract. */
  categoryOf(contract: string, field: string): DataCategory | undefined;
  sectorOf(agency: AgencyId): string | undefined;
}

export function routingTable(catalog: Catalog): RoutingTable {
  const contracts = new Map(catalog.contracts.map((c) => [c.fullName, c]));
  const subscriptions = new Map<string, Subscription[]>(
    catalog.contracts.map((c) => [
      c.fullName,
      catalog.subscriptions.filter((s) => s.contract === c.fullName),
    ]),
  );
  const categories = new Map(
    catalog.contracts.map((c) => [
      c.fullName,
      new Map(c.fields.filter((f) => f.topLevel).map((f) => [f.name, f.category])),
    ]),
  );
  const sectors = new Map<string, string>(catalog.agencies.map((a) => [a.id, a.sector]));
  return {
    contract: (type) => contracts.get(type),
    subscriptionsOf: (contract) => subscriptions.get(contract) ?? [],
    categoryOf: (contract, field) => categories.get(contract)?.get(field),
    sectorOf: (agency) => sectors.get(agency),
  };
}
