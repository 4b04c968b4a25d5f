// What the harness offers: the services' shapes taken from their start functions, and the
// object startRelais() answers (relais.ts).
import type { Catalog } from '@relais/contracts';
import type { Pivot } from '@relais/identity';
import type { AvroSerde, Clock, createLogger, Logger } from '@relais/kit';
import type { startConsent } from '@relais/consent';
import type { startEligibility } from '@relais/eligibility';
import type { startGateway } from '@relais/gateway';
import type { startNotifier } from '@relais/notifier';
import type { startRegistry } from '@relais/registry';
import type { startRouter } from '@relais/router';
import type { calendar } from '@relais/testkit';
import type { SmtpServerHandle, SmtpServerOptions } from '@relais/testkit/mail';
import type { Exposition } from '@relais/testkit/prometheus';
import type { Determined } from './determinations.ts';
import type { Facts, Json } from './fixtures.ts';
import type { ProvisionedPrincipals } from './principals.ts';

// The services' shapes, taken from their start functions: the one surface of theirs the harness
// relies on, whatever files they are written in.
export type RegistryOptions = Parameters<typeof startRegistry>[0];
export type GatewayOptions = Parameters<typeof startGateway>[0];
export type ConsentOptions = Parameters<typeof startConsent>[0];
export type RouterOptions = Parameters<typeof startRouter>[0];
export type EligibilityOptions = Parameters<typeof startEligibility>[0];
export type NotifierOptions = Parameters<typeof startNotifier>[0];
export type RunningRegistry = Awaited<ReturnType<typeof startRegistry>>;
export type RunningGateway = Awaited<ReturnType<typeof startGateway>>;
export type RunningConsent = Awaited<ReturnType<typeof startConsent>>;
export type RunningRouter = Awaited<ReturnType<typeof startRouter>>;
export type RunningEligibility = Awaited<ReturnType<typeof startEligibility>>;
export type RunningNotifier = Awaited<ReturnType<typeof startNotifier>>;

/** The notifier's options to override, and the local SMTP server's (unused when `smtp` is given). */
export type NotifierOverrides = Partial<NotifierOptions> & { mailServer?: SmtpServerOptions };

export interface RelaisOptions {
  /**
   * Handed to every service and counted from by the fixtures. Default: the system clock, which
   * the broker's log-append time shares (consent is judged at an event's append time).
   */
  clock?: Clock;
  /** Default: the run's broker (`@relais/testkit`'s global setup). */
  brokers?: string[];
  /** The gateway's options overridden (webhooks to localhost, …). */
  gateway?: Partial<GatewayOptions>;
  /** Start the eligibility service too, with these options overridden. */
  eligibility?: true | Partial<EligibilityOptions>;
  /** Start the notifier too, sending e-mail to a local SMTP server. */
  notifier?: true | NotifierOverrides;
  /**
   * Each service connects as its own Kafka principal with the access plan's ACLs, as `npm start`
   * runs them (dec-031); by default every client is the run's admin.
   */
  servicePrincipals?: boolean;
  /**
   * `unique` (default): the catalog's agencies under ids unique to this harness (`caf-<suffix>`).
   * `catalog`: their own ids (`caf`), for what names them as `npm start` does (the demo's
   * scripts); the events, ingress and deliveries topics are then the catalog's too.
   */
  agencyIds?: 'unique' | 'catalog';
  /** Every service's log lines (and the harness's) to this destination, at `level` (default info). */
  logs?: { destination: LogDestination; level?: string };
}

/** Where a logger writes (the kit's createLogger `destination`). */
export type LogDestination = NonNullable<Parameters<typeof createLogger>[0]['destination']>;

/** A service the tests stop, start and restart. */
export interface Restartable<Running, Options> {
  /** The instance last started (still readable once stopped: its stats stay). */
  readonly service: Running;
  /** Its options: the harness's, then startRelais' overrides, then `overrides`. */
  options(overrides?: Partial<Options>): Options;
  start(overrides?: Partial<Options>): Promise<Running>;
  stop(): Promise<void>;
  restart(overrides?: Partial<Options>): Promise<Running>;
}

export interface EligibilityHarness extends Restartable<RunningEligibility, EligibilityOptions> {
  /** Every determination read from the entitlements topic so far, decoded, in read order. */
  readonly determined: Determined[];
  /** The determinations of one citizen (Relais-sector pseudonym), of one benefit if given. */
  of(pseudonym: string, benefit?: string): Determined[];
  /** Waits until every determination the topic holds now has been read; answers them all. */
  readAll(timeoutMs?: number): Promise<Determined[]>;
  /** Another instance on the same facts, which the caller closes (a clock of its own, …). */
  startAnother(overrides: Partial<EligibilityOptions>): Promise<RunningEligibility>;
}

export interface NotifierHarness extends Restartable<RunningNotifier, NotifierOptions> {
  /** The local SMTP server the notifier sends to. */
  readonly mail: SmtpServerHandle;
  /** Stops the notifier and starts it in a new consumer group: it reads every determination again. */
  restartInNewGroup(): Promise<RunningNotifier>;
}

/** An HTTP answer, its body parsed when it is JSON. */
export interface Answer {
  status: number;
  body: any;
}

export interface Citizen {
  pivot: Pivot;
  /** The citizen's pseudonym in each sector asked for, and in `portal`. */
  pseudonyms: Record<string, string>;
  /** A citizen access token (the consent service's development issuer). */
  token: string;
}

export interface Relais {
  /** With `servicePrincipals`: the plan provisioned and each principal's credentials. */
  principals?: ProvisionedPrincipals;
  /** What makes this harness's agency ids, topics and groups unique. */
  suffix: string;
  /** The catalog's agency id as this harness runs it (`caf` → `caf-<suffix>`). */
  id(agency: string): string;
  catalog: Catalog;
  /** The catalog as JSON, for a service started in another process. */
  catalogFile: string;
  keysDir: string;
  dataDir: string;
  brokers: string[];
  logger: Logger;
  clock: Clock;
  /** Dates relative to the clock. */
  on: ReturnType<typeof calendar>;
  /** Contract payloads dated relative to the clock. */
  facts: Facts;
  topics: {
    schemas: string;
    pseudonyms: string;
    consents: string;
    accessLog: string;
    /** The access log's signed checkpoints (dec-036). */
    checkpoints: string;
    entitlements: string;
    profiles: string;
    notices: string;
    preferences: string;
    /** The notifier's changelog (dec-047). */
    notifierNotices: string;
    routingDecisions: string;
    mandates: string;
    counterActions: string;
    inboxAcks: string;
    webhookEndpoints: string;
    webhookDeliveries: string;
    assertionIds: string;
    idempotency: string;
  };
  /** The consent service's development token secret, which the notifier shares. */
  devTokenSecret: string;
  /** The bearer every service's GET /metrics/prometheus answers to. */
  scrapeToken: string;
  /** The logger a service of this harness was given (one per service name), for more of its kind. */
  loggerOf(service: string): Logger;
  serde: AvroSerde;
  registry: RunningRegistry;
  gateway: RunningGateway;
  consent: RunningConsent;
  router: Restartable<RunningRouter, RouterOptions>;
  /** Only when started with `eligibility`. */
  eligibility: EligibilityHarness;
  /** Only when started with `notifier`. */
  notifier: NotifierHarness;
  call(
    base: string,
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Answer>;
  /** An access token for the agency, by `private_key_jwt` (dec-011). */
  agencyToken(agency: string): Promise<string>;
  /** The operators' token (registry writes, campaigns, the funnel). */
  operatorToken(): string;
  /** A service's GET /metrics/prometheus (at its base URL) with the scrape token, parsed. */
  scrape(base: string): Promise<Exposition>;
  /** A new citizen enrolled in these sectors (and `portal`), signed in. */
  citizen(sectors: string[]): Promise<Citizen>;
  /** The agency's gateway inbox (up to 500 events). */
  inbox(agency: string, token?: string): Promise<Json[]>;
  /** Stops everything it started and removes its files. */
  close(): Promise<void>;
}
