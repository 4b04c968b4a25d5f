// The gateway's HTTP surface, a fastify plugin that never listens: the token endpoint, the
// agency routes behind the bearer token (deny by default), the operators' routes behind the
// operator token, and the API docs. src/index.ts registers it on the kit's app and listens.
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { documentSecurity, operatorAuth, type Logger } from '@relais/kit';
import type { Idempotency } from './adapters/idempotency.ts';
import type { InboxView, LongPolls } from './adapters/inbox.ts';
import type { InboxReplica } from './adapters/inbox-replica.ts';
import type { GatewayCounters } from './adapters/metrics.ts';
import type { Publisher } from './adapters/publisher.ts';
import type { RejectStore } from './adapters/rejects.ts';
import { requireAgency } from './auth/plugin.ts';
import type { GatewayStats } from './domain/stats.ts';
import type { TokenService } from './auth/tokens.ts';
import { eventRoutes } from './routes/events.ts';
import { inboxRoutes } from './routes/inbox.ts';
import type { RateLimiter } from './routes/limits.ts';
import { operatorFlowRoutes } from './routes/operator-flows.ts';
import { webhookOperatorRoutes } from './routes/operator.ts';
import { rejectRoutes } from './routes/rejects.ts';
import { statsRoutes } from './routes/stats.ts';
import { tokenRoutes } from './routes/token.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import type { WebhookDispatcher } from './webhooks/dispatcher.ts';
import type { EndpointWriter } from './webhooks/endpoints.ts';
import type { WebhookStore } from './webhooks/store.ts';

export interface GatewayAppDeps {
  tokens: TokenService;
  /** The operators' bearer token (`operator.token` of the keys directory). */
  operatorToken: string;
  publisher: Publisher;
  idempotency: Idempotency;
  limiter: RateLimiter;
  maxBatch: number;
  /** This instance's replica of the inboxes and acknowledgements (dec-046). */
  inbox: Pick<InboxView, 'read' | 'ofEvent'>;
  ack: InboxReplica['ack'];
  fresh: InboxReplica['fresh'];
  longPolls: LongPolls;
  rejects: Pick<RejectStore, 'list'>;
  webhooks: WebhookStore;
  dispatcher: Pick<WebhookDispatcher, 'notify'>;
  /** Endpoint registrations, replicated to every instance (webhooks/endpoints.ts). */
  endpoints: EndpointWriter;
  allowInsecureLocalhost: boolean;
  /** Events accepted and refused, inbox reads and acks (adapters/metrics.ts). */
  counters: GatewayCounters;
  /** What de-duplication skipped (GET /v1/operator/stats). */
  stats: GatewayStats;
  logger: Logger;
}

export async function gatewayApp(app: FastifyInstance, deps: GatewayAppDeps): Promise<void> {
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(tokenRoutes(deps.tokens));
  await app.register(async (agencies) => {
    await agencies.register(requireAgency(deps.tokens));
    documentSecurity(agencies, [{ agencyToken: [] }]);
    await agencies.register(
      eventRoutes({
        publisher: deps.publisher,
        idempotency: deps.idempotency,
        limiter: deps.limiter,
        maxBatch: deps.maxBatch,
        counters: deps.counters,
        stats: deps.stats,
        logger: deps.logger,
      }),
    );
    await agencies.register(
      inboxRoutes({
        inbox: deps.inbox,
        ack: deps.ack,
        fresh: () => deps.fresh(),
        longPolls: deps.longPolls,
        counters: deps.counters,
      }),
    );
    await agencies.register(rejectRoutes(deps.rejects));
    await agencies.register(
      webhookRoutes({
        store: deps.webhooks,
        dispatcher: deps.dispatcher,
        endpoints: deps.endpoints,
        allowInsecureLocalhost: deps.allowInsecureLocalhost,
      }),
    );
  });
  await app.register(async (operators) => {
    operators.addHook('onRequest', operatorAuth(deps.operatorToken));
    documentSecurity(operators, [{ operatorToken: [] }]);
    await operators.register(
      webhookOperatorRoutes({ store: deps.webhooks, dispatcher: deps.dispatcher }),
    );
    await operators.register(operatorFlowRoutes({ inbox: deps.inbox, webhooks: deps.webhooks }));
    await operators.register(statsRoutes(deps.stats));
  });
}
