// The authorisation matrix's columns: every route of Relais that takes a principal, one line each,
// with what each principal gets. Agency A is `caf`, agency B `cpam`; citizen 1 is Camille and
// citizen 2 Yanis (infra/citizens); the operator is Claire Dubois at the console, the steward
// Sophie Lefèvre, the France Services agent Nadia Benkirane (infra/agents); at the counter, Nadia
// and Julien Moreau act under the mandates of matrix/counter.ts. A principal not named
// in a line gets the line's `rest` (401 unless said). A cross-tenant read answers 404 (the
// resource is not the caller's: whether it exists is not theirs to know); a caller authenticated
// but without the right answers 403.
import { agencyRoutes } from './routes-agencies.ts';
import { citizenRoutes } from './routes-citizens.ts';
import { counterRoutes } from './routes-counter.ts';
import { operatorRoutes } from './routes-operators.ts';
import type { Route, Service } from './table.ts';

export type { Fixtures, Route, Service } from './table.ts';

export const routes: Route[] = [
  ...agencyRoutes,
  ...citizenRoutes,
  ...counterRoutes,
  ...operatorRoutes,
];

/** Every service's scrape route: the scrape token only. */
export const scrapeRoutes = (services: Service[]): Route[] =>
  services.map((service) => ({
    service,
    method: 'GET',
    path: '/metrics/prometheus',
    face: 'scrape',
    expect: { scraper: 200 },
  }));
