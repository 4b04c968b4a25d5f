// The console's ports faked in memory for the pages' tests (unit-level): one full flow, one
// rejected; lag, counters and throughput; dead letters (the poison record among them), a failed
// webhook, the audit chains (one broken), and the journal the fake actions write. Every call is
// counted; a read can be made to fail; replaying a discarded letter is refused as the real port
// refuses it (a 409 AppError).
import { AppError, type Clock } from '@relais/kit';
import type {
  ConsoleActions,
  ConsoleReads,
  DeadLetterView,
  FailedWebhook,
  Flow,
  LagView,
  OperatorAction,
} from '../src/domain/views.ts';

export const TRACE_UI = 'http://zipkin.test/zipkin';
export const EVENT = '3f1c2a9e-7b4d-4e21-9a51-2c8f0d6b7e10';
export const REJECTED = 'b71e0c44-5a2f-4c8e-8d3b-9e6a1f2c3d40';
export const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
export const PSEUDONYM = 'Qm9uam91ciBDYW1pbGxlLCBjZWNpIGVzdCB1bi1wc2V1ZG8';
export const POISON = 'relais.dlq.router:0:17';

/** Where the tests' clock starts (the kit's fixedClock, moved by the tests). */
export const START = '2026-11-02T09:30:00Z';

export interface FakePorts {
  reads: ConsoleReads;
  actions: ConsoleActions;
  /** Every port call: `reads.flow`, `actions.replay`, … */
  calls: string[];
  /** What the actions were asked, in order. */
  acted: Array<{
    kind: string;
    operator: { sub: string; displayName: string };
    ids: string[];
    reason?: string;
  }>;
  deadLetters: DeadLetterView[];
  /** Makes a read fail (as a broker down would). */
  failing: Set<string>;
}

const at = (clock: Clock, minutesAgo: number) =>
  new Date(clock.now().getTime() - minutesAgo * 60_000);

export function fakePorts(clock: Clock): FakePorts {
  const calls: string[] = [];
  const failing = new Set<string>();
  const acted: FakePorts['acted'] = [];
  const journal: OperatorAction[] = [];
  let samples = 0;
  const read = <T>(name: string, value: () => T): Promise<T> => {
    calls.push(`reads.${name}`);
    return failing.has(name)
      ? Promise.reject(new Error(`${name}: broker unavailable`))
      : Promise.resolve(value());
  };
  const c = (topic: string, partition: number, offset: string, minutesAgo: number) => ({
    topic,
    partition,
    offset,
    at: at(clock, minutesAgo),
  });
  const deadLetters: DeadLetterView[] = [
    {
      id: POISON,
      source: 'dead-letter',
      owner: 'router',
      reason: 'schema.invalid',
      error: 'payload.address.postcode: expected 5 digits',
      origin: { topic: 'relais.events.residence', partition: 2, offset: '418' },
      eventId: REJECTED,
      attempts: 3,
      replays: 0,
      deadLetteredAt: at(clock, 95),
      ageSeconds: 95 * 60,
      status: 'open',
    },
    {
      id: 'relais.rejects.mairie-lyon:0:4',
      source: 'reject',
      owner: 'mairie-lyon',
      reason: 'contract.unknown',
      error: 'ce_type: expected a published contract',
      origin: { topic: 'relais.ingress.mairie-lyon', partition: 1, offset: '77' },
      eventId: null,
      attempts: 1,
      replays: 0,
      deadLetteredAt: at(clock, 60 * 26),
      ageSeconds: 60 * 60 * 26,
      status: 'open',
    },
    {
      id: 'relais.dlq.notifier:1:9',
      source: 'dead-letter',
      owner: 'notifier',
      reason: 'channel.unreachable',
      error: 'smtp: connection refused',
      origin: { topic: 'relais.notices', partition: 1, offset: '52' },
      eventId: EVENT,
      attempts: 5,
      replays: 1,
      deadLetteredAt: at(clock, 12),
      ageSeconds: 12 * 60,
      status: 'discarded',
    },
  ];
  const webhooks: FailedWebhook[] = [
    {
      deliveryId: 'dlv-caf-000142',
      agency: 'caf',
      eventId: EVENT,
      attempts: 8,
      lastError: 'HTTP 503 from the agency’s endpoint',
      failedAt: at(clock, 40),
    },
  ];
  const flow: Flow = {
    eventId: EVENT,
    traceId: TRACE,
    traceUrl: `${TRACE_UI}/traces/${TRACE}`,
    citizen: PSEUDONYM,
    ingress: {
      via: 'http',
      agency: 'mairie-lyon',
      contract: 'fr.gouv.residence.AddressChanged',
      at: at(clock, 30),
      outcome: 'accepted',
      coordinates: c('relais.ingress.mairie-lyon', 1, '76', 30),
    },
    canonical: c('relais.events.residence', 2, '417', 30),
    decisions: [
      {
        subscription: 'caf-address',
        agency: 'caf',
        outcome: 'delivered',
        legalBasis: 'consent',
        purpose: 'address-update',
      },
      {
        subscription: 'cpam-address',
        agency: 'cpam',
        outcome: 'denied',
        reason: 'consent.missing',
      },
    ],
    accessRecords: [
      {
        accessId: 'acc-01',
        recipient: 'caf',
        legalBasis: 'consent',
        purpose: 'address-update',
        fields: ['address'],
        coordinates: c('relais.access-log', 2, '1203', 30),
      },
    ],
    recipients: [
      {
        agency: 'caf',
        coordinates: c('relais.deliveries.caf', 0, '88', 30),
        webhook: {
          deliveryId: 'dlv-caf-000142',
          status: 'failed',
          attempts: [
            { at: at(clock, 29), status: 503 },
            { at: at(clock, 25), status: null, error: 'ECONNREFUSED' },
          ],
        },
      },
      {
        agency: 'dgfip',
        coordinates: c('relais.deliveries.dgfip', 0, '12', 30),
        inbox: { deliveredAt: at(clock, 30), ackedAt: at(clock, 28) },
      },
    ],
    determinations: [
      {
        decisionId: 'dec-7',
        benefit: 'aide-logement',
        outcome: 'likely-eligible',
        coordinates: c('relais.entitlements', 2, '33', 29),
      },
    ],
    notices: [
      {
        noticeId: 'ntc-3',
        decisionId: 'dec-7',
        channel: 'EMAIL',
        status: 'sent',
        coordinates: c('relais.notices', 2, '61', 29),
      },
    ],
    deadLetters: [deadLetters[2]!],
  };
  const rejected: Flow = {
    eventId: REJECTED,
    traceId: null,
    traceUrl: null,
    citizen: null,
    ingress: {
      via: 'kafka',
      agency: 'mairie-lyon',
      contract: 'fr.gouv.residence.AddressChanged',
      at: at(clock, 95),
      outcome: 'rejected',
      reason: { code: 'schema.invalid', message: 'payload.address.postcode: expected 5 digits' },
      coordinates: c('relais.ingress.mairie-lyon', 2, '418', 95),
    },
    canonical: null,
    decisions: [],
    accessRecords: [],
    recipients: [],
    determinations: [],
    notices: [],
    deadLetters: [deadLetters[0]!],
  };
  const flows = new Map([flow, rejected].map((f) => [f.eventId, f]));
  const summary = (f: Flow) => ({
    eventId: f.eventId,
    traceId: f.traceId,
    agency: f.ingress!.agency,
    contract: f.ingress!.contract,
    at: f.ingress!.at,
    outcome: f.ingress!.outcome,
  });
  const lag = (): LagView => ({
    // A new sample at every read: the page's refresh shows it moving.
    at: new Date(clock.now().getTime() + 1000 * samples++),
    groups: [
      {
        group: 'relais-router',
        state: 'Stable',
        members: 2,
        totalLag: 14,
        partitions: [
          { topic: 'relais.events.residence', partition: 0, committed: '410', end: '410', lag: 0 },
          { topic: 'relais.events.residence', partition: 2, committed: '404', end: '418', lag: 14 },
        ],
      },
      {
        group: 'relais-notifier',
        state: 'Stable',
        members: 1,
        totalLag: 0,
        partitions: [{ topic: 'relais.notices', partition: 0, committed: '61', end: '61', lag: 0 }],
      },
    ],
    services: [
      {
        service: 'router',
        counters: { 'events.routed': 1204, 'deliveries.denied.consent.missing': 37 },
      },
      { service: 'notifier', counters: {}, error: 'GET /metrics: connection refused' },
    ],
    throughput: [
      { topic: 'relais.events.residence', perSecond: 3.25 },
      { topic: 'relais.notices', perSecond: null },
    ],
  });
  const record = async (
    kind: OperatorAction['kind'],
    operator: { sub: string; displayName: string },
    ids: string[],
    reason: string | null,
    outcome: string,
  ): Promise<OperatorAction> => {
    calls.push(`actions.${kind}`);
    acted.push({ kind, operator, ids, ...(reason ? { reason } : {}) });
    const action: OperatorAction = {
      id: `act-${journal.length + 1}`,
      kind,
      operator,
      targets: ids,
      reason,
      at: clock.now(),
      outcome,
    };
    journal.unshift(action);
    return action;
  };
  return {
    calls,
    acted,
    deadLetters,
    failing,
    reads: {
      findFlows: (q) =>
        read('findFlows', () =>
          [...flows.values()]
            .filter((f) =>
              q.kind === 'event'
                ? f.eventId === q.eventId
                : q.kind === 'trace'
                  ? f.traceId === q.traceId
                  : f.ingress?.agency === q.agency &&
                    f.ingress.at >= q.from &&
                    f.ingress.at <= q.to,
            )
            .map(summary),
        ),
      flow: (id) => read('flow', () => flows.get(id) ?? null),
      lag: () => read('lag', lag),
      deadLetters: (f) =>
        read('deadLetters', () =>
          deadLetters
            .filter(
              (d) =>
                (!f.source || d.source === f.source) &&
                (!f.owner || d.owner === f.owner) &&
                (!f.reason || d.reason === f.reason) &&
                (!f.status || d.status === f.status),
            )
            .slice(0, f.limit),
        ),
      failedWebhooks: (limit) => read('failedWebhooks', () => webhooks.slice(0, limit)),
      audit: () =>
        read('audit', () => ({
          at: clock.now(),
          partitions: [
            {
              topic: 'relais.access-log',
              partition: 0,
              records: 1204,
              head: 'b3f1e2d4c5a6978812ab34cd56ef7890',
              ok: true,
              problems: [],
            },
            {
              topic: 'relais.access-log',
              partition: 1,
              records: 998,
              head: '9a8b7c6d5e4f30211203a4b5c6d7e8f9',
              ok: false,
              problems: [
                {
                  kind: 'hash-mismatch',
                  message: 'offset 412: prev does not match the hash of offset 411',
                },
              ],
            },
          ],
        })),
      journal: (limit) => read('journal', () => journal.slice(0, limit)),
    },
    actions: {
      async replay(operator, ids) {
        const discarded = ids.filter(
          (id) => deadLetters.find((d) => d.id === id)?.status === 'discarded',
        );
        if (discarded.length > 0) {
          calls.push('actions.replay');
          throw new AppError('conflict', `${discarded.join(', ')}: discarded, not replayed`);
        }
        for (const d of deadLetters) if (ids.includes(d.id)) d.status = 'replayed';
        return record(
          'replay',
          operator,
          ids,
          null,
          `${ids.length} replayed to their origin topic`,
        );
      },
      async discard(operator, ids, reason) {
        for (const d of deadLetters) if (ids.includes(d.id)) d.status = 'discarded';
        return record('discard', operator, ids, reason, `${ids.length} discarded`);
      },
      async redeliverWebhook(operator, ids) {
        return record('redeliver', operator, ids, null, `${ids.length} redelivery queued`);
      },
    },
  };
}
