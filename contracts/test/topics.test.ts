// The topics' declarations: names as the services have always used them, the configurations
// they are created with, and which ones must have the deployment's partition count.
import { describe, expect, it } from 'vitest';
import {
  CONSENTS_TOPIC,
  consentsTopicConfig,
  declarationOf,
  loadCatalog,
  topicOf,
  topics,
  writtenByRelais,
} from '../src/index.ts';

describe('topics', () => {
  it('builds and reads back per-domain, per-agency and per-service names', () => {
    expect(topics.events.name('residence')).toBe('relais.events.residence');
    expect(topics.ingress.name('mairie-lyon')).toBe('relais.ingress.mairie-lyon');
    expect(topics.rejects.name('caf')).toBe('relais.rejects.caf');
    expect(topics.deliveries.name('caf')).toBe('relais.deliveries.caf');
    expect(topics.deadLetters.name('router')).toBe('relais.dlq.router');
    expect(topics.registryLeader.name('_relais_schemas')).toBe('_relais_schemas.leader');
    expect(topics.deliveries.partOf('relais.deliveries.mairie-lyon')).toBe('mairie-lyon');
    expect(topics.registryLeader.partOf('_relais_schemas.leader')).toBe('_relais_schemas');
    expect(topics.deliveries.partOf('relais.ingress.caf')).toBeUndefined();
    expect(topics.deliveries.partOf('relais.deliveries.')).toBeUndefined();
  });

  it('keeps the names and configurations the services created before', () => {
    expect(
      [
        topics.consents,
        topics.accessLog,
        topics.entitlements,
        topics.notices,
        topics.eligibilityProfiles,
        topics.noticePreferences,
        topics.pseudonyms,
        topics.schemas,
      ].map((t) => t.name),
    ).toEqual([
      'relais.consents',
      'relais.access-log',
      'relais.entitlements',
      'relais.notices',
      'relais.eligibility.profiles',
      'relais.notice-preferences',
      'relais.pseudonyms',
      '_relais_schemas',
    ]);
    expect(CONSENTS_TOPIC).toBe('relais.consents');
    expect(consentsTopicConfig).toEqual({
      'cleanup.policy': 'compact',
      'min.compaction.lag.ms': '3600000',
      'message.timestamp.type': 'LogAppendTime',
    });
    expect(topics.events.spec('relais.events.residence', 6)).toEqual({
      topic: 'relais.events.residence',
      partitions: 6,
      config: { 'message.timestamp.type': 'LogAppendTime', 'retention.ms': '1209600000' },
    });
    expect(topics.pseudonyms.spec('p', 3)).toEqual({
      topic: 'p',
      partitions: 3,
      config: { 'cleanup.policy': 'compact', 'retention.ms': '-1' },
    });
    // Fixed counts whatever the deployment; dead letters take the broker's default.
    expect(topics.schemas.spec('s', 6).partitions).toBe(1);
    expect(topics.rejects.spec('r', 6).partitions).toBe(1);
    expect(topics.deadLetters.spec('d', 6)).toEqual({
      topic: 'd',
      config: { 'retention.ms': '2592000000' },
    });
  });

  it("declares every retention with its purpose and reason; the replay window is the deployment's", () => {
    for (const [, t] of Object.entries(topics)) {
      expect(t.retention.purpose.length).toBeGreaterThan(20);
      expect(t.retention.reason.length).toBeGreaterThan(10);
      expect(t.spec('t', 3).config?.['retention.ms']).toBe(String(t.retentionMs()));
    }
    const day = 86_400_000;
    expect(topics.accessLog.retentionMs()).toBe((6 * 365 + 2) * day);
    expect(topics.deliveries.retentionMs()).toBe(30 * day);
    expect(topics.deliveries.spec('d', 3, { replayWindowDays: 45 }).config).toEqual({
      'retention.ms': String(45 * day),
    });
    expect(topics.accessLogCheckpoints.spec('c').config).toEqual({
      'cleanup.policy': 'compact',
      'retention.ms': '-1',
    });
    expect(declarationOf('relais.deliveries.caf')?.id).toBe('deliveries');
    expect(declarationOf('relais.access-log.checkpoints')?.id).toBe('accessLogCheckpoints');
    expect(declarationOf('relais.access-log')?.id).toBe('accessLog');
    expect(declarationOf('something-else')).toBeUndefined();
  });

  it("refuses to create a deployment-sized topic without the deployment's count", () => {
    expect(() => topics.consents.spec('relais.consents')).toThrow(
      "topic relais.consents: expected the deployment's partition count",
    );
  });

  it('co-partitions exactly the topics keyed by the pivot', () => {
    const all = Object.entries(topics);
    const coPartitioned = all.filter(([, t]) => t.coPartitioned).map(([name]) => name);
    expect(coPartitioned).toEqual(['events', 'consents', 'accessLog', 'mandates']);
    for (const [, t] of all) {
      expect(t.coPartitioned).toBe(t.key === 'pivot');
      if (t.coPartitioned) expect(t.partitions).toBe('deployment');
    }
  });

  it("routes each contract to its domain's events topic or to Relais' own topic", () => {
    const { catalog } = loadCatalog();
    const byName = new Map(catalog.contracts.map((c) => [c.fullName, c]));
    const topicOfName = (name: string) => {
      const contract = byName.get(name);
      if (!contract) throw new Error(`${name} is not in the catalog`);
      return topicOf(contract);
    };
    expect(topicOfName('fr.gouv.residence.AddressChanged')).toBe('relais.events.residence');
    expect(topicOfName('fr.gouv.relais.AccessRecorded')).toBe('relais.access-log');
    expect(topicOfName('fr.gouv.relais.EntitlementDetermined')).toBe('relais.entitlements');
    expect(topicOfName('fr.gouv.relais.EntitlementNoticeIssued')).toBe('relais.notices');
    expect(topicOfName('fr.gouv.relais.RoutingDecided')).toBe('relais.routing-decisions');
    expect(topicOfName('fr.gouv.relais.OperatorActed')).toBe('relais.operator-actions');
    expect(writtenByRelais({ fullName: 'fr.gouv.relais.RoutingDecided' })).toBe(true);
    expect(writtenByRelais({ fullName: 'fr.gouv.relais.AccessRecorded' })).toBe(true);
    expect(writtenByRelais({ fullName: 'fr.gouv.residence.AddressChanged' })).toBe(false);
  });
});
