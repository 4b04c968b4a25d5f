// The consent service and the notifier, called for an agent with a token the counter signs per
// call (adapters/token-signer.ts): the agent and structure always, the citizen and the mandate
// when the call is about one. Those services decide — mandate, structure, validity, scope — and
// journal; a 403 or 404 here is their refusal, shown to the agent as such.
import { CITIZEN_AUDIENCES, type CitizenAudience } from '@relais/consent/auth';
import type { Agent } from '../domain/agent.ts';
import type { TokenSigner } from './token-signer.ts';

export interface MandateView {
  mandateId: string;
  structure: { id: string; name: string };
  agentName: string;
  scopes: string[];
  revokedScopes: Array<{ scope: string; revokedAt: string; revokedBy: string }>;
  durationDays: number;
  mode: string;
  confirmation: string;
  attestationId: string | null;
  createdAt: string;
  expiresAt: string;
  status: 'active' | 'expired' | 'revoked';
  /** The citizen's portal pseudonym: what the counter names them by in its tokens. */
  citizen?: string;
}

export interface Consent {
  id: string;
  purpose: string;
  recipient: string;
  categories: string[];
  grantedAt: string;
  revokedAt: string | null;
  channel: string;
  status: 'active' | 'revoked' | 'expired';
}

export interface NoticeSummary {
  noticeId: string;
  benefit: string;
  period: string;
  subject: string;
  createdAt: string;
}

export interface AccessEntry {
  accessId: string;
  recipient: string;
  contract: string;
  fields: string[];
  purpose: string;
  recordedAt: string;
}

export interface Preferences {
  channels: string[];
  language: 'FR' | 'EN';
  email?: string;
  postalAddress?: { name: string; lines: string[] };
  paused?: boolean;
  updatedAt: string;
}

/** No answer, or a 5xx: the page says "unavailable" (503). */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
}

/** The service refused (4xx): its status and words (never a citizen's data). */
export class Refused extends Error {
  override readonly name = 'Refused';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** The mandate a call is made under: the citizen (pseudonym) and the mandate id. */
export interface Under {
  citizen: string;
  mandateId: string;
}

export interface CounterApi {
  mandates(agent: Agent): Promise<MandateView[]>;
  openMandate(agent: Agent, mandateId: string): Promise<MandateView>;
  createMandate(agent: Agent, citizen: string, body: Record<string, unknown>): Promise<MandateView>;
  revokeMandate(agent: Agent, under: Under, scope?: string): Promise<MandateView>;
  consents(agent: Agent, under: Under): Promise<Consent[]>;
  grantConsent(agent: Agent, under: Under, body: Record<string, unknown>): Promise<Consent>;
  revokeConsent(agent: Agent, under: Under, consentId: string): Promise<Consent>;
  accessLog(agent: Agent, under: Under): Promise<AccessEntry[]>;
  notices(agent: Agent, under: Under): Promise<NoticeSummary[]>;
  letter(agent: Agent, under: Under, noticeId: string): Promise<Buffer>;
  preferences(agent: Agent, under: Under): Promise<Preferences>;
  savePreferences(agent: Agent, under: Under, body: Record<string, unknown>): Promise<Preferences>;
}

export function counterApi(o: {
  consentUrl: string;
  notifierUrl: string;
  signer: TokenSigner;
}): CounterApi {
  const base = (audience: CitizenAudience) =>
    audience === CITIZEN_AUDIENCES.consent ? o.consentUrl : o.notifierUrl;
  async function call(
    audience: CitizenAudience,
    agent: Agent,
    method: string,
    path: string,
    under?: Partial<Under>,
    body?: unknown,
  ): Promise<Response> {
    const token = await o.signer.sign({ agent, audience, ...under });
    let res: Response;
    try {
      res = await fetch(new URL(path, base(audience)), {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      throw new UpstreamError(`${audience} did not answer`, { cause: err });
    }
    if (res.status >= 500) throw new UpstreamError(`${audience} answered ${res.status}`);
    if (res.status >= 400) {
      const problem = (await res.json().catch(() => ({}))) as { message?: string };
      throw new Refused(res.status, problem.message ?? `refused (${res.status})`);
    }
    return res;
  }
  const json = async <T>(p: Promise<Response>): Promise<T> => (await (await p).json()) as T;
  const consent = CITIZEN_AUDIENCES.consent;
  const notifier = CITIZEN_AUDIENCES.notifier;
  const id = encodeURIComponent;
  return {
    mandates: async (agent) =>
      (await json<{ mandates: MandateView[] }>(call(consent, agent, 'GET', '/v1/counter/mandates')))
        .mandates,
    openMandate: async (agent, mandateId) =>
      (
        await json<{ mandate: MandateView }>(
          call(consent, agent, 'GET', `/v1/counter/mandates/${id(mandateId)}`),
        )
      ).mandate,
    createMandate: async (agent, citizen, body) =>
      (
        await json<{ mandate: MandateView }>(
          call(consent, agent, 'POST', '/v1/counter/mandates', { citizen }, body),
        )
      ).mandate,
    revokeMandate: async (agent, under, scope) =>
      (
        await json<{ mandate: MandateView }>(
          call(
            consent,
            agent,
            'DELETE',
            `/v1/counter/mandates/${id(under.mandateId)}${scope ? `?scope=${id(scope)}` : ''}`,
            under,
          ),
        )
      ).mandate,
    consents: async (agent, under) =>
      (
        await json<{ consents: Consent[] }>(
          call(consent, agent, 'GET', '/v1/counter/consents', under),
        )
      ).consents,
    grantConsent: async (agent, under, body) =>
      (
        await json<{ consent: Consent }>(
          call(consent, agent, 'POST', '/v1/counter/consents', under, body),
        )
      ).consent,
    revokeConsent: async (agent, under, consentId) =>
      (
        await json<{ consent: Consent }>(
          call(consent, agent, 'DELETE', `/v1/counter/consents/${id(consentId)}`, under),
        )
      ).consent,
    accessLog: async (agent, under) =>
      (
        await json<{ records: AccessEntry[] }>(
          call(consent, agent, 'GET', '/v1/counter/access-log', under),
        )
      ).records,
    notices: async (agent, under) =>
      (
        await json<{ notices: NoticeSummary[] }>(
          call(notifier, agent, 'GET', '/v1/counter/notices', under),
        )
      ).notices,
    letter: async (agent, under, noticeId) =>
      Buffer.from(
        await (
          await call(
            notifier,
            agent,
            'GET',
            `/v1/counter/notices/${id(noticeId)}/letter.pdf`,
            under,
          )
        ).arrayBuffer(),
      ),
    preferences: async (agent, under) =>
      json<Preferences>(call(notifier, agent, 'GET', '/v1/counter/notice-preferences', under)),
    savePreferences: async (agent, under, body) =>
      json<Preferences>(
        call(notifier, agent, 'PUT', '/v1/counter/notice-preferences', under, body),
      ),
  };
}
