// The access plan (dec-031) from the real catalog: least privilege, derived, never hand-listed.
import { describe, expect, it } from 'vitest';
import {
  kafkaAccessPlan,
  loadCatalog,
  relaisServices,
  topics,
  type KafkaGrant,
  type KafkaPrincipal,
} from '../src/index.ts';

const { catalog } = loadCatalog();
const plan = kafkaAccessPlan(catalog);
const principal = (name: string): KafkaPrincipal => {
  const p = plan.principals.find((x) => x.name === name);
  if (!p) throw new Error(`no principal ${name}`);
  return p;
};
/** Whether a grant covers `name` of `resource` for `operation`. */
const allows = (p: KafkaPrincipal, resource: string, name: string, operation: string): boolean =>
  p.grants.some(
    (g: KafkaGrant) =>
      g.resource === resource &&
      (g.pattern === 'literal' ? g.name === name : name.startsWith(g.name)) &&
      g.operations.includes(operation as never),
  );

describe('the Kafka access plan', () => {
  it('has one principal per agency of the catalog and per Relais service', () => {
    expect(plan.principals.filter((p) => p.agency).map((p) => p.agency)).toEqual(
      catalog.agencies.map((a) => a.id),
    );
    expect(plan.principals.filter((p) => p.service).map((p) => p.service)).toEqual([
      ...relaisServices,
    ]);
    expect(new Set(plan.principals.map((p) => p.name)).size).toBe(plan.principals.length);
  });

  it('lets an agency write only its ingress and read only its deliveries and rejects', () => {
    for (const { id } of catalog.agencies) {
      const p = principal(`agency.${id}`);
      for (const other of catalog.agencies) {
        const own = other.id === id;
        expect(allows(p, 'topic', topics.ingress.name(other.id), 'write')).toBe(own);
        expect(allows(p, 'topic', topics.deliveries.name(other.id), 'read')).toBe(own);
        expect(allows(p, 'topic', topics.rejects.name(other.id), 'read')).toBe(own);
        expect(allows(p, 'group', `relais-sdk.${other.id}`, 'read')).toBe(own);
        expect(allows(p, 'group', `relais-sdk.${other.id}.replay`, 'read')).toBe(own);
      }
      for (const c of catalog.contracts)
        expect(allows(p, 'topic', topics.events.name(c.domain), 'read')).toBe(false);
      for (const t of [
        topics.consents.name,
        topics.pseudonyms.name,
        topics.accessLog.name,
        topics.identityLinks.name,
        topics.entitlements.name,
      ]) {
        for (const op of ['read', 'write', 'describe'])
          expect(allows(p, 'topic', t, op), `${p.name} ${op} ${t}`).toBe(false);
      }
      expect(p.grants.some((g) => g.resource === 'cluster')).toBe(false);
    }
  });

  it('keeps each service to its work', () => {
    const gateway = principal('service.gateway');
    const notifier = principal('service.notifier');
    const portal = principal('service.portal');
    const ingress = topics.ingress.name('caf');
    expect(allows(gateway, 'topic', ingress, 'read')).toBe(true);
    expect(allows(gateway, 'topic', topics.consents.name, 'read')).toBe(false);
    expect(allows(notifier, 'topic', ingress, 'read')).toBe(false);
    expect(allows(notifier, 'topic', topics.deliveries.name('relais'), 'read')).toBe(true);
    expect(allows(notifier, 'topic', topics.deliveries.name('caf'), 'read')).toBe(false);
    expect(allows(portal, 'topic', topics.consents.name, 'read')).toBe(false);
    expect(allows(portal, 'topic', topics.pseudonyms.name, 'write')).toBe(false);
    // The notifier's changelog (dec-047): its own, read and written by it alone.
    const changelog = topics.notifierNotices.name;
    expect(allows(notifier, 'topic', changelog, 'read')).toBe(true);
    expect(allows(notifier, 'topic', changelog, 'write')).toBe(true);
    for (const p of plan.principals.filter((x) => x.name !== 'service.notifier'))
      for (const op of ['read', 'write'])
        expect(allows(p, 'topic', changelog, op), `${p.name} ${op}`).toBe(false);
    // Only the gateway and the router touch the agencies' topics, and the console (operators).
    for (const p of plan.principals.filter((x) => x.service)) {
      const touches = allows(p, 'topic', ingress, 'read') || allows(p, 'topic', ingress, 'write');
      expect(touches, p.name).toBe(['service.gateway', 'service.console'].includes(p.name));
    }
    // No service is a super user in disguise: no cluster grant, no wildcard topic grant.
    for (const p of plan.principals) {
      expect(p.grants.some((g) => g.resource === 'cluster')).toBe(false);
      expect(p.grants.some((g) => g.resource === 'topic' && g.name === '')).toBe(false);
    }
  });
});
