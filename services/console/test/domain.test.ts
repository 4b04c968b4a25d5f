// The console's pure parts: dead-letter ids read strictly, trace ids out of traceparent, replay
// permissions, and a flow assembled from what the index holds. No broker.
import { describe, expect, it } from 'vitest';
import { assembleFlow, summaryOf, traceIdsOf, type FlowFacts } from '../src/domain/flow.ts';
import { agencyOfSource, parseDeadLetterId, traceIdOf } from '../src/domain/ids.ts';
import { t } from '../src/domain/i18n.ts';
import { mayReplay } from '../src/domain/journal.ts';

describe('ids', () => {
  it('reads a dead letter id on a dead-letter or rejects topic, bounded', () => {
    expect(parseDeadLetterId('relais.dlq.router:2:41')).toEqual({
      ok: true,
      value: { topic: 'relais.dlq.router', partition: 2, offset: '41' },
    });
    expect(parseDeadLetterId('relais.rejects.mairie-lyon:0:007').ok).toBe(true);
    for (const bad of [
      'relais.events.residence:0:1',
      'relais.dlq.:0:1',
      'relais.dlq.router:0',
      'relais.dlq.router:-1:1',
      'relais.dlq.router:10000:1',
      'relais.dlq.router:0:9223372036854775808',
      'relais.dlq.router:0:1:2',
      'relais dlq:0:1',
      '',
    ])
      expect(parseDeadLetterId(bad).ok, bad).toBe(false);
  });

  it('takes the trace id out of a W3C traceparent, and the agency out of its URN', () => {
    expect(traceIdOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
    expect(traceIdOf('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBe(null);
    expect(traceIdOf('garbage')).toBe(null);
    expect(traceIdOf(undefined)).toBe(null);
    expect(agencyOfSource('urn:relais:agency:mairie-lyon')).toBe('mairie-lyon');
    expect(agencyOfSource('https://example.org')).toBe(null);
  });

  it('replays an open dead letter; a replayed or discarded one only when told again', () => {
    expect(mayReplay('open', false)).toEqual({ ok: true });
    expect(mayReplay('replayed', false)).toEqual({
      ok: false,
      refusal: { code: 'not-open', status: 'replayed' },
    });
    expect(mayReplay('discarded', true)).toEqual({ ok: true });
  });

  it("says each target's stored outcome in the operator's language", () => {
    expect(t('fr').result('replayed to relais.ingress.caf/2@41')).toBe(
      'rejoué vers relais.ingress.caf/2@41',
    );
    expect(t('fr').result('discarded')).toBe('écarté');
    expect(t('fr').result('redelivery queued')).toBe('nouvelle remise en file');
    expect(t('fr').result('something new')).toBe('something new');
    expect(t('en').result('discarded')).toBe('discarded');
  });
});

const at = Date.parse('2030-05-01T08:00:00.000Z');
const c = (topic: string, offset: number, dt = 0) => ({
  topic,
  partition: 1,
  offset: String(offset),
  at: at + dt,
});
const facts = (over: Partial<FlowFacts> = {}): FlowFacts => ({
  eventId: 'evt-1',
  ingress: [],
  events: [],
  decisions: [],
  deliveries: [],
  access: [],
  determinations: [],
  notices: [],
  deadLetters: [],
  recipients: [],
  tracingUrl: 'http://zipkin.test/zipkin/',
  ...over,
});
const T = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('a flow assembled', () => {
  it('says an event with no native record came over HTTP, and links its trace', () => {
    const flow = assembleFlow(
      facts({
        events: [
          {
            ...c('relais.events.tax', 9),
            agency: 'dgfip',
            eventId: 'evt-1',
            contract: 'fr.gouv.tax.IncomeAssessed',
            traceId: T,
            replayOf: null,
          },
        ],
        deliveries: [
          {
            ...c('relais.deliveries.relais', 3, 5),
            agency: 'relais',
            eventId: 'evt-1',
            traceId: T,
            citizen: 'ps-relais',
          },
          {
            ...c('relais.deliveries.caf', 4, 5),
            agency: 'caf',
            eventId: 'evt-1',
            traceId: T,
            citizen: null,
          },
        ],
        recipients: [{ agency: 'caf', inbox: { deliveredAt: new Date(at + 9), ackedAt: null } }],
      }),
    );
    expect(flow).toMatchObject({
      traceId: T,
      traceUrl: `http://zipkin.test/zipkin/traces/${T}`,
      citizen: 'ps-relais',
      ingress: { via: 'http', agency: 'dgfip', outcome: 'accepted' },
      canonical: { topic: 'relais.events.tax', partition: 1, offset: '9' },
    });
    expect(
      flow?.recipients.map((r) => [r.agency, r.coordinates?.offset, r.inbox?.ackedAt]),
    ).toEqual([
      ['caf', '4', null],
      ['relais', '3', undefined],
    ]);
    expect(traceIdsOf(facts({ events: [], ingress: [], deliveries: [] }))).toEqual([]);
  });

  it('says a native record refused at ingress was rejected, and why', () => {
    const f = facts({
      ingress: [
        {
          ...c('relais.ingress.mairie-lyon', 2),
          agency: 'mairie-lyon',
          eventId: 'evt-1',
          contract: 'fr.gouv.residence.AddressChanged',
          traceId: null,
          replayOf: null,
        },
      ],
      deadLetters: [
        {
          id: 'relais.rejects.mairie-lyon:0:5',
          source: 'reject',
          owner: 'mairie-lyon',
          reason: 'serde.wire-format',
          error: 'value: expected magic byte 0',
          origin: { topic: 'relais.ingress.mairie-lyon', partition: 1, offset: '2' },
          eventId: 'evt-1',
          attempts: 1,
          replays: 0,
          deadLetteredAt: new Date(at + 10),
          ageSeconds: 5,
          status: 'open',
        },
      ],
    });
    expect(assembleFlow(f)?.ingress).toMatchObject({
      via: 'kafka',
      outcome: 'rejected',
      reason: { code: 'serde.wire-format', message: 'value: expected magic byte 0' },
      coordinates: { topic: 'relais.ingress.mairie-lyon', offset: '2' },
    });
    expect(summaryOf(f)).toMatchObject({ outcome: 'rejected', agency: 'mairie-lyon' });
    expect(assembleFlow(facts())).toBe(null);
  });
});
