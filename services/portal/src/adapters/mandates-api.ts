// The citizen's mandates to France Services and who acted for them (issue 15), from the consent
// service with the portal's per-call token: list, withdraw a scope or the whole mandate, and the
// agents' journal. Kept apart from citizen-api.ts: the portal's one optional part for the counter.
import { CITIZEN_AUDIENCES } from '@relais/consent/auth';
import type { Caller } from './citizen-api.ts';
import { UpstreamError, UpstreamRefusal } from './citizen-api.ts';
import type { TokenSigner } from './token-signer.ts';

export interface MandateView {
  mandateId: string;
  structure: { id: string; name: string };
  agentName: string;
  scopes: string[];
  revokedScopes: Array<{ scope: string; revokedAt: string; revokedBy: string }>;
  durationDays: number;
  createdAt: string;
  expiresAt: string;
  status: 'active' | 'expired' | 'revoked';
}

export interface CounterAction {
  actionId: string;
  agentName: string;
  structureName: string;
  mandateId: string | null;
  mandateCreatedAt: string | null;
  action: string;
  target: string | null;
  outcome: 'DONE' | 'REFUSED';
  reason: string | null;
  actedAt: string;
}

export interface MandatesApi {
  mandates(c: Caller): Promise<MandateView[]>;
  /** Withdraws one scope, or every scope; undefined when the mandate is not theirs. */
  revoke(c: Caller, mandateId: string, scope?: string): Promise<MandateView | undefined>;
  actions(c: Caller): Promise<CounterAction[]>;
}

export function mandatesApi(o: { consentUrl: string; signer: TokenSigner }): MandatesApi {
  async function call<T>(c: Caller, method: string, path: string): Promise<T | undefined> {
    const token = await o.signer.sign({ ...c, audience: CITIZEN_AUDIENCES.consent });
    let res: Response;
    try {
      res = await fetch(`${o.consentUrl}${path}`, {
        method,
        headers: { accept: 'application/json', authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      throw new UpstreamError('relais-consent: no answer', { cause: err });
    }
    if (res.status === 404) return undefined;
    if (res.status >= 500) throw new UpstreamError(`relais-consent: ${res.status}`);
    if (res.status >= 400) throw new UpstreamRefusal(res.status, `relais-consent: ${res.status}`);
    return (await res.json()) as T;
  }
  const id = encodeURIComponent;
  return {
    mandates: async (c) =>
      (await call<{ mandates: MandateView[] }>(c, 'GET', '/v1/me/mandates'))?.mandates ?? [],
    revoke: async (c, mandateId, scope) =>
      (
        await call<{ mandate: MandateView }>(
          c,
          'DELETE',
          `/v1/me/mandates/${id(mandateId)}${scope ? `?scope=${id(scope)}` : ''}`,
        )
      )?.mandate,
    actions: async (c) =>
      (await call<{ actions: CounterAction[] }>(c, 'GET', '/v1/me/counter-actions'))?.actions ?? [],
  };
}
