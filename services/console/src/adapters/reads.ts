// ConsoleReads on the real parts: the flow index (SQLite, fed by the indexer), the gateway's
// operator routes, Kafka's admin API, the services' /metrics and the background audit.
import type { Clock, Logger } from '@relais/kit';
import { assembleFlow, summaryOf, traceIdsOf } from '../domain/flow.ts';
import type {
  AccessRow,
  ActionRow,
  DeadLetterRow,
  DecisionRow,
  DeliveryRow,
  DeterminationRow,
  EventRow,
  IngressRow,
  NoticeRow,
} from '../domain/records.ts';
import type {
  ConsoleReads,
  DeadLetterStatus,
  DeadLetterView,
  FlowSummary,
  GroupLag,
  OperatorAction,
} from '../domain/views.ts';
import type { AuditCache } from './audit.ts';
import { readCounters } from './counters.ts';
import type { GatewayOperatorApi } from './gateway.ts';
import type { FlowIndexer } from './indexer.ts';
import type { IndexStore } from './index-store.ts';
import type { LagSampler } from './lag.ts';

export interface ReadsDeps {
  store: IndexStore;
  indexer: Pick<FlowIndexer, 'lag' | 'stats'>;
  gateway: GatewayOperatorApi;
  lag: LagSampler;
  audit: Pick<AuditCache, 'view'>;
  metrics: ReadonlyArray<{ service: string; url: string }>;
  clock: Clock;
  logger: Logger;
  /** The tracing UI's base URL ('' for none). */
  tracingUrl: string;
  /** How the index's own lag is named among the groups. */
  indexGroup: string;
}

export function deadLetterView(
  row: DeadLetterRow & { status: DeadLetterStatus },
  now: Date,
): DeadLetterView {
  return {
    id: row.id,
    source: row.source,
    owner: row.owner,
    reason: row.reason,
    error: row.error,
    origin:
      row.originTopic && row.originPartition !== null && row.originOffset !== null
        ? { topic: row.originTopic, partition: row.originPartition, offset: row.originOffset }
        : null,
    eventId: row.eventId,
    attempts: row.attempts,
    replays: row.replays,
    deadLetteredAt: new Date(row.deadLetteredAt),
    ageSeconds: Math.max(0, Math.floor((now.getTime() - row.deadLetteredAt) / 1000)),
    status: row.status,
  };
}

export function actionView(row: ActionRow): OperatorAction {
  return {
    id: row.actionId,
    kind: row.kind,
    operator: { sub: row.operatorSub, displayName: row.operatorName },
    targets: row.targets.map((t) => t.target),
    reason: row.reason,
    at: new Date(row.actedAt),
    outcome: row.targets.map((t) => `${t.target}: ${t.outcome}`).join('; '),
    results: row.targets,
  };
}

export function consoleReads(deps: ReadsDeps): ConsoleReads {
  const { store } = deps;
  const summary = (eventId: string): FlowSummary | null =>
    summaryOf({
      eventId,
      ingress: store.ofEvent<IngressRow>('ingress', eventId),
      events: store.ofEvent<EventRow>('event', eventId),
      deadLetters: store
        .deadLetters({ eventId, limit: 50 })
        .map((d) => deadLetterView(d, deps.clock.now())),
    });
  return {
    async findFlows(query) {
      const ids =
        query.kind === 'event'
          ? [query.eventId]
          : query.kind === 'trace'
            ? store.eventIdsOfTrace(query.traceId, 100)
            : store.eventIdsOfAgency(
                query.agency,
                query.from.getTime(),
                query.to.getTime(),
                query.limit,
              );
      return ids.map(summary).filter((s): s is FlowSummary => s !== null);
    },

    async flow(eventId) {
      const now = deps.clock.now();
      const ingress = store.ofEvent<IngressRow>('ingress', eventId);
      const events = store.ofEvent<EventRow>('event', eventId);
      const deliveries = store.ofEvent<DeliveryRow>('delivery', eventId);
      const traces = traceIdsOf({ ingress, events, deliveries });
      const determinations = store.ofTraces<DeterminationRow>('determination', traces);
      const decisionIds = determinations.map((d) => d.decisionId);
      const notices = [
        ...new Map(
          [
            ...store.ofDecisions<NoticeRow>('notice', decisionIds),
            ...store.ofTraces<NoticeRow>('notice', traces),
          ].map((n) => [`${n.topic}:${n.partition}:${n.offset}`, n]),
        ).values(),
      ].sort((a, b) => a.at - b.at);
      let recipients: Awaited<ReturnType<GatewayOperatorApi['flow']>> = [];
      try {
        recipients = await deps.gateway.flow(eventId);
      } catch (err) {
        // The rest of the path stands without the gateway's last hop.
        deps.logger.warn({ error: err instanceof Error ? err.message : String(err) }, 'gateway');
      }
      return assembleFlow({
        eventId,
        ingress,
        events,
        decisions: store.ofEvent<DecisionRow>('decision', eventId),
        deliveries,
        access: store.ofEvent<AccessRow>('access', eventId),
        determinations,
        notices,
        deadLetters: store.deadLetters({ eventId, limit: 100 }).map((d) => deadLetterView(d, now)),
        recipients,
        tracingUrl: deps.tracingUrl,
      });
    },

    async lag() {
      const [sample, services, index] = await Promise.all([
        deps.lag.sample(),
        readCounters(deps.metrics),
        deps.indexer.lag(),
      ]);
      const own: GroupLag = {
        group: deps.indexGroup,
        state: 'Stable',
        members: 1,
        totalLag: index.reduce((n, p) => n + p.lag, 0),
        partitions: index.filter((p) => p.lag > 0),
      };
      return { ...sample, groups: [...sample.groups, own], services };
    },

    async deadLetters(filter) {
      const now = deps.clock.now();
      return store.deadLetters(filter).map((d) => deadLetterView(d, now));
    },

    failedWebhooks: (limit) => deps.gateway.failedWebhooks(limit),

    audit: () => deps.audit.view(),

    async journal(limit) {
      return store.journal(limit).map(actionView);
    },
  };
}
