// The portal: citizens sign in the FranceConnect way and see their consents, who received their
// data, their notices and preferences. This file wires the adapters (the relying party, the
// identity links and the pseudonym directory on Kafka, the session store, the token signer, the
// consent service and notifier clients, the stylesheet) and the HTTP plugin (app.ts), and is the
// process entry.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadCatalog, type Catalog } from '@relais/contracts';
import { IdentityLinks, identityKeyIn, PseudonymDirectory, pseudonymKeyIn } from '@relais/identity';
import {
  checkDevelopmentShortcuts,
  type Clock,
  createHttpApp,
  createKafka,
  createProducer,
  createServiceMetrics,
  DEFAULT_PARTITIONS,
  type KafkaAuth,
  kafkaAuthOf,
  type Logger,
  type RelaisProfile,
  runServiceProcess,
  type ServiceMetrics,
  systemClock,
} from '@relais/kit';
import { cookieNames, sessionCookieScheme } from '@relais/web';
import { loadAssets } from './adapters/assets.ts';
import { citizenApi } from './adapters/citizen-api.ts';
import { mandatesApi } from './adapters/mandates-api.ts';
import { relyingParty, type OidcOptions } from './adapters/oidc.ts';
import { sessionStore } from './adapters/sessions.ts';
import { tokenSigner } from './adapters/token-signer.ts';
import { portalApp } from './app.ts';
import { loadConfig } from './config.ts';
import type { EidasLevel } from './domain/levels.ts';
import { defaultSessionPolicy, type SessionPolicy } from './domain/session.ts';

export { contentSecurityPolicy, parseForm, portalApp } from './app.ts';
export { tokenSigner, type TokenSigner } from './adapters/token-signer.ts';
export type { PortalDeps } from './routes/web.ts';

export interface PortalOptions {
  brokers: string[];
  /** Its Kafka principal (dec-031): its configuration's (kit `kafkaAuthOf`), or one given. */
  kafkaAuth?: KafkaAuth | undefined;
  logger: Logger;
  /** Where citizens reach the portal; https: cookies get Secure and __Host-. */
  publicUrl: string;
  oidc: Omit<OidcOptions, 'redirectUri' | 'postLogoutRedirectUri'> &
    Partial<Pick<OidcOptions, 'redirectUri' | 'postLogoutRedirectUri'>>;
  consentUrl: string;
  notifierUrl: string;
  /** pseudonym.key, identity.key, and the portal's token key pair (created on first start). */
  keysDir: string;
  dataDir: string;
  host: string;
  port: number;
  instance?: string;
  defaultAcr?: EidasLevel;
  session?: Partial<SessionPolicy>;
  catalog?: Catalog;
  clock?: Clock;
  pseudonymTopic?: string | undefined;
  identityLinksTopic?: string | undefined;
  partitions?: number;
  /** Its Prometheus registry and scrape token (default: its own, nobody may scrape). */
  metrics?: ServiceMetrics;
  /** `production` refuses plain http for the portal or its identity provider (RELAIS_PROFILE). */
  profile?: RelaisProfile;
}

export interface RunningPortal {
  app: FastifyInstance;
  url: string;
  metrics: ServiceMetrics;
  close(): Promise<void>;
}

export async function startPortal(options: PortalOptions): Promise<RunningPortal> {
  const { logger } = options;
  // Before anything connects: refused under production, loud otherwise (issue 13).
  const shortcuts = checkDevelopmentShortcuts(
    options.profile ?? 'development',
    [
      {
        setting: 'PORTAL_PUBLIC_URL',
        on: new URL(options.publicUrl).protocol !== 'https:',
        what: 'the portal on plain http (session cookies without Secure)',
      },
      {
        setting: 'PORTAL_OIDC_ISSUER',
        on: new URL(options.oidc.issuer).protocol !== 'https:',
        what: 'citizens signed in by an identity provider over plain http (the local development provider)',
      },
    ],
    logger,
  );
  const clock = options.clock ?? systemClock;
  const catalog = options.catalog ?? loadCatalog().catalog;
  const instance = options.instance ?? 'portal-1';
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  const publicUrl = options.publicUrl.replace(/\/$/, '');

  const kafka = createKafka({
    brokers: options.brokers,
    auth: options.kafkaAuth,
    clientId: `relais-portal-${instance}`,
    logger,
  });
  // The directory's type asks for a producer (enrolment); the portal only reads.
  // Never writes: not idempotent, so it asks Kafka for no producer id, which its principal,
  // allowed to write nowhere, could not get (dec-031).
  const producer = createProducer(kafka, { idempotent: false });
  await producer.connect();
  const directory = new PseudonymDirectory({
    kafka,
    producer,
    logger,
    key: pseudonymKeyIn(options.keysDir),
    dataDir: path.join(options.dataDir, 'pseudonyms'),
    instance: `relais-portal.${instance}`,
    ...(options.pseudonymTopic ? { topic: options.pseudonymTopic } : {}),
    partitions,
  });
  const links = new IdentityLinks({
    kafka,
    logger,
    key: identityKeyIn(options.keysDir),
    dataDir: path.join(options.dataDir, 'identity-links'),
    instance: `relais-portal.${instance}`,
    ...(options.identityLinksTopic ? { topic: options.identityLinksTopic } : {}),
    partitions,
  });
  const rp = await relyingParty({
    ...options.oidc,
    redirectUri: options.oidc.redirectUri ?? `${publicUrl}/auth/callback`,
    postLogoutRedirectUri: options.oidc.postLogoutRedirectUri ?? `${publicUrl}/signed-out`,
  });
  const signer = await tokenSigner(options.keysDir, clock);
  const sessions = sessionStore({
    dataDir: options.dataDir,
    clock,
    policy: { ...defaultSessionPolicy, ...options.session },
  });

  const metrics = options.metrics ?? createServiceMetrics('portal');
  let ready = false;
  const app = await createHttpApp({
    logger,
    service: 'portal',
    description:
      "Citizens' pages: FranceConnect-style sign-in, consents, who received my data, notices, preferences.",
    bodyLimitBytes: 16 * 1024,
    metrics,
    developmentShortcuts: shortcuts,
    securitySchemes: {
      portalSession: sessionCookieScheme(
        cookieNames(new URL(publicUrl).protocol === 'https:').session,
        'citizens',
      ),
    },
    readiness: {
      started: () => {
        if (!ready) throw new Error('identity links or pseudonym directory not loaded yet');
      },
    },
  });
  await app.register(portalApp, {
    catalog,
    sessions,
    rp,
    api: citizenApi({ consentUrl: options.consentUrl, notifierUrl: options.notifierUrl, signer }),
    mandates: mandatesApi({ consentUrl: options.consentUrl, signer }),
    signer,
    links,
    directory,
    assets: loadAssets(),
    clock,
    secureCookies: new URL(publicUrl).protocol === 'https:',
    defaultAcr: options.defaultAcr ?? 'eidas1',
    metrics,
  });

  await directory.start();
  await links.start();
  const url = await app.listen({ host: options.host, port: options.port });
  ready = true;
  logger.info({ url, issuer: options.oidc.issuer }, 'portal ready');
  return {
    app,
    url,
    metrics,
    async close() {
      await app.close();
      await links.stop();
      await directory.stop();
      await producer.disconnect();
      sessions.close();
    },
  };
}

// The portal process: config, telemetry (--import), start, graceful stop.
if (import.meta.main) {
  await runServiceProcess('portal', loadConfig, (config, logger, metrics) =>
    startPortal({
      metrics,
      profile: config.RELAIS_PROFILE,
      brokers: config.KAFKA_BROKERS,
      kafkaAuth: kafkaAuthOf(config),
      logger,
      publicUrl: config.PORTAL_PUBLIC_URL,
      oidc: {
        issuer: config.PORTAL_OIDC_ISSUER,
        clientId: config.PORTAL_OIDC_CLIENT_ID,
        clientSecret: config.PORTAL_OIDC_CLIENT_SECRET,
        clientAuth: config.PORTAL_OIDC_CLIENT_AUTH,
        ...(config.PORTAL_OIDC_REDIRECT_URI
          ? { redirectUri: config.PORTAL_OIDC_REDIRECT_URI }
          : {}),
        ...(config.PORTAL_OIDC_POST_LOGOUT_REDIRECT_URI
          ? { postLogoutRedirectUri: config.PORTAL_OIDC_POST_LOGOUT_REDIRECT_URI }
          : {}),
      },
      consentUrl: config.PORTAL_CONSENT_URL,
      notifierUrl: config.PORTAL_NOTIFIER_URL,
      keysDir: config.PORTAL_KEYS_DIR,
      dataDir: config.PORTAL_DATA_DIR,
      host: config.HTTP_HOST,
      port: config.HTTP_PORT,
      instance: config.PORTAL_INSTANCE,
      defaultAcr: config.PORTAL_DEFAULT_ACR,
      session: {
        idleMs: config.PORTAL_SESSION_IDLE_MINUTES * 60_000,
        maxMs: config.PORTAL_SESSION_MAX_HOURS * 3_600_000,
      },
      pseudonymTopic: config.PORTAL_PSEUDONYM_TOPIC,
      identityLinksTopic: config.PORTAL_IDENTITY_LINKS_TOPIC,
      partitions: config.RELAIS_PARTITIONS,
    }),
  );
}
