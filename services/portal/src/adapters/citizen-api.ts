// The consent service and the notifier, called on the citizen's behalf with a token the portal
// signs for each call (their own audience, the session's acr). A 404 is "not yours / not there";
// another 4xx is the portal's bug shown as a bad request; a 5xx or no answer is "unavailable".
import { CITIZEN_AUDIENCES, type CitizenAudience } from '@relais/consent/auth';
import type { Pseudonym } from '@relais/identity';
import type { EidasLevel } from '../domain/levels.ts';
import type { AccessProofInput } from '../domain/proof.ts';
import type { GrantRequest, PreferencesRequest } from '../domain/forms.ts';
import type { TokenSigner } from './token-signer.ts';

export interface Consent {
  id: string;
  purpose: string;
  recipient: string;
  categories: string[];
  grantedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  channel: string;
  status: 'active' | 'revoked' | 'expired';
}

export interface AccessEntry {
  accessId: string;
  eventId: string;
  recipient: { id: string; name: string | null };
  contract: string;
  fields: string[];
  legalBasis: string;
  consentId: string | null;
  purpose: string;
  recordedAt: string;
  traceId: string | null;
}

export type AccessProof = AccessProofInput & { entry: AccessEntry };

export interface NoticeSummary {
  noticeId: string;
  benefit: string;
  period: string;
  subject: string;
  createdAt: string;
  openedAt: string | null;
  claimedAt: string | null;
  deliveries: Array<{ channel: string; status: string; updatedAt: string }>;
}

export interface NoticeFull {
  noticeId: string;
  benefit: string;
  subject: string;
  text: string;
  createdAt: string;
  deliveries: Array<{ channel: string; status: string }>;
}

export interface Preferences {
  channels: string[];
  language: 'FR' | 'EN';
  email?: string;
  postalAddress?: { name: string; lines: string[] };
  paused?: boolean;
  updatedAt: string;
}

/** The service did not answer, or answered 5xx: the page says "unavailable" (503). */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
}

/** The service refused what the portal sent (4xx other than 404): a bug or a race, shown as 400. */
export class UpstreamRefusal extends Error {
  override readonly name = 'UpstreamRefusal';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export interface Caller {
  pseudonym: Pseudonym;
  acr: EidasLevel;
}

export interface CitizenApi {
  consents(c: Caller): Promise<Consent[]>;
  grant(c: Caller, req: GrantRequest): Promise<{ consent: Consent; receipt: string }>;
  revoke(c: Caller, id: string): Promise<Consent | undefined>;
  receipt(c: Caller, id: string): Promise<string | undefined>;
  receiptKeys(): Promise<{ keys: Array<Record<string, unknown>> }>;
  /** The access log checkpoints' public keys (GET /v1/access-log/jwks); none yet: empty set. */
  accessLogKeys(): Promise<{ keys: Array<Record<string, unknown>> }>;
  accessLog(c: Caller): Promise<AccessEntry[]>;
  accessProof(c: Caller, accessId: string): Promise<AccessProof | undefined>;
  notices(c: Caller): Promise<NoticeSummary[]>;
  /** Reading a notice marks it opened (the funnel counts it). */
  notice(c: Caller, id: string): Promise<NoticeFull | undefined>;
  preferences(c: Caller): Promise<Preferences>;
  savePreferences(c: Caller, p: PreferencesRequest): Promise<Preferences>;
}

export function citizenApi(o: {
  consentUrl: string;
  notifierUrl: string;
  signer: TokenSigner;
  timeoutMs?: number;
}): CitizenApi {
  async function call<T>(
    base: string,
    audience: CitizenAudience,
    c: Caller | undefined,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T | undefined> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (c) headers['authorization'] = `Bearer ${await o.signer.sign({ ...c, audience })}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
    } catch (err) {
      // The path may carry an id; name the service only.
      throw new UpstreamError(`${audience}: no answer`, { cause: err });
    }
    if (res.status === 404) return undefined;
    if (res.status >= 500) throw new UpstreamError(`${audience}: ${res.status}`);
    if (res.status >= 400) {
      const text = await res.text();
      throw new UpstreamRefusal(res.status, `${audience}: ${res.status} ${text.slice(0, 300)}`);
    }
    return (await res.json()) as T;
  }
  const consent = <T>(c: Caller | undefined, method: string, path: string, body?: unknown) =>
    call<T>(o.consentUrl, CITIZEN_AUDIENCES.consent, c, method, path, body);
  const notifier = <T>(c: Caller, method: string, path: string, body?: unknown) =>
    call<T>(o.notifierUrl, CITIZEN_AUDIENCES.notifier, c, method, path, body);
  const must = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new UpstreamError(`${what}: 404`);
    return v;
  };
  const id = (s: string) => encodeURIComponent(s);

  return {
    async consents(c) {
      return must(await consent<{ consents: Consent[] }>(c, 'GET', '/v1/me/consents'), 'consents')
        .consents;
    },
    async grant(c, req) {
      return must(
        await consent<{ consent: Consent; receipt: string }>(c, 'POST', '/v1/me/consents', req),
        'grant',
      );
    },
    async revoke(c, consentId) {
      return (await consent<{ consent: Consent }>(c, 'DELETE', `/v1/me/consents/${id(consentId)}`))
        ?.consent;
    },
    async receipt(c, consentId) {
      return (
        await consent<{ receipt: string }>(c, 'GET', `/v1/me/consents/${id(consentId)}/receipt`)
      )?.receipt;
    },
    async receiptKeys() {
      return must(
        await consent<{ keys: Array<Record<string, unknown>> }>(
          undefined,
          'GET',
          '/v1/consents/jwks',
        ),
        'jwks',
      );
    },
    async accessLogKeys() {
      return (
        (await consent<{ keys: Array<Record<string, unknown>> }>(
          undefined,
          'GET',
          '/v1/access-log/jwks',
        ).catch(() => undefined)) ?? { keys: [] }
      );
    },
    async accessLog(c) {
      return must(
        await consent<{ records: AccessEntry[] }>(c, 'GET', '/v1/me/access-log?limit=200'),
        'access log',
      ).records;
    },
    accessProof: (c, accessId) =>
      consent<AccessProof>(c, 'GET', `/v1/me/access-log/${id(accessId)}/proof`),
    async notices(c) {
      return must(
        await notifier<{ notices: NoticeSummary[] }>(c, 'GET', '/v1/me/notices'),
        'notices',
      ).notices;
    },
    notice: (c, noticeId) => notifier<NoticeFull>(c, 'GET', `/v1/me/notices/${id(noticeId)}`),
    async preferences(c) {
      return must(
        await notifier<Preferences>(c, 'GET', '/v1/me/notice-preferences'),
        'preferences',
      );
    },
    async savePreferences(c, p) {
      return must(
        await notifier<Preferences>(c, 'PUT', '/v1/me/notice-preferences', p),
        'preferences',
      );
    },
  };
}
