// The gateway's operator routes, called with the operator token: one event at the recipients'
// edge (inboxes and webhook attempts), the failed webhook deliveries, and their redelivery.
import type { FailedWebhook, RecipientDelivery } from '../domain/views.ts';
import { consoleErrors } from '../errors.ts';

export interface GatewayOperatorApi {
  /** Per recipient agency: its inbox entry and acknowledgement, its webhook delivery. */
  flow(eventId: string): Promise<Array<Pick<RecipientDelivery, 'agency' | 'inbox' | 'webhook'>>>;
  failedWebhooks(limit: number): Promise<FailedWebhook[]>;
  /** 'queued', or 'not-found' for an id the gateway does not know. */
  redeliver(deliveryId: string): Promise<'queued' | 'not-found'>;
}

interface FlowAnswer {
  recipients: Array<{
    agency: string;
    inbox: { deliveredAt: string; ackedAt: string | null } | null;
    webhook: {
      deliveryId: string;
      status: 'pending' | 'delivered' | 'failed';
      attempts: Array<{ at: string; status: number | null; error: string | null }>;
    } | null;
  }>;
}

interface FailedAnswer {
  deliveries: Array<{
    id: string;
    agency: string;
    eventId: string;
    attempts: number;
    lastError: string | null;
    failedAt: string | null;
    createdAt: string;
  }>;
}

export function gatewayOperatorApi(options: {
  url: string;
  operatorToken: string;
  timeoutMs?: number;
}): GatewayOperatorApi {
  const base = options.url.replace(/\/+$/, '');
  async function call(method: string, path: string): Promise<Response> {
    try {
      return await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${options.operatorToken}` },
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
    } catch (err) {
      throw Object.assign(consoleErrors.gatewayUnavailable(`${method} ${path.split('/')[3]}`), {
        cause: err,
      });
    }
  }
  async function json<T>(method: string, path: string, what: string): Promise<T> {
    const res = await call(method, path);
    if (!res.ok) throw consoleErrors.gatewayUnavailable(`${what}: HTTP ${res.status}`);
    return (await res.json()) as T;
  }
  return {
    async flow(eventId) {
      const answer = await json<FlowAnswer>(
        'GET',
        `/v1/operator/flows/${encodeURIComponent(eventId)}`,
        'flow',
      );
      return answer.recipients.map((r) => ({
        agency: r.agency,
        ...(r.inbox
          ? {
              inbox: {
                deliveredAt: new Date(r.inbox.deliveredAt),
                ackedAt: r.inbox.ackedAt === null ? null : new Date(r.inbox.ackedAt),
              },
            }
          : {}),
        ...(r.webhook
          ? {
              webhook: {
                deliveryId: r.webhook.deliveryId,
                status: r.webhook.status,
                attempts: r.webhook.attempts.map((a) => ({
                  at: new Date(a.at),
                  status: a.status,
                  ...(a.error ? { error: a.error } : {}),
                })),
              },
            }
          : {}),
      }));
    },
    async failedWebhooks(limit) {
      const answer = await json<FailedAnswer>(
        'GET',
        `/v1/operator/webhooks/failed?limit=${limit}`,
        'failed webhooks',
      );
      return answer.deliveries.map((d) => ({
        deliveryId: d.id,
        agency: d.agency,
        eventId: d.eventId,
        attempts: d.attempts,
        lastError: d.lastError,
        failedAt: new Date(d.failedAt ?? d.createdAt),
      }));
    },
    async redeliver(deliveryId) {
      const res = await call(
        'POST',
        `/v1/operator/webhooks/deliveries/${encodeURIComponent(deliveryId)}/redeliver`,
      );
      if (res.status === 404) return 'not-found';
      if (!res.ok) throw consoleErrors.gatewayUnavailable(`redeliver: HTTP ${res.status}`);
      return 'queued';
    },
  };
}
