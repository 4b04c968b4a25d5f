// Sector pseudonyms and the directory, against the real broker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kafkaBrokers, uniqueName } from '@relais/testkit';
import { createKafka, createLogger, createProducer } from '@relais/kit';
import {
  derivePseudonym,
  IdentityLinks,
  newPivot,
  PseudonymDirectory,
  pseudonymKey,
  type Pivot,
} from '../src/index.ts';

const key = Buffer.alloc(32, 7);
const logger = createLogger({ service: 'identity-test', level: 'silent' });
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('sector pseudonyms', () => {
  it('differ per sector for the same person, and cannot be derived from one another without the key', () => {
    const pivots = Array.from({ length: 1000 }, () => newPivot());
    const family = new Set(pivots.map((p) => derivePseudonym(key, 'family', p)));
    const health = new Set(pivots.map((p) => derivePseudonym(key, 'health', p)));
    expect(family.size).toBe(1000);
    expect([...family].filter((p) => health.has(p))).toEqual([]);
    const pivot = pivots[0] as Pivot;
    const fam = derivePseudonym(key, 'family', pivot);
    // What an agency of the family sector could try: derive the health pseudonym from its own.
    const guesses = [
      derivePseudonym(Buffer.alloc(32), 'health', pivot),
      derivePseudonym(Buffer.from(fam), 'health', fam as unknown as Pivot),
      derivePseudonym(key, 'health', fam as unknown as Pivot),
    ];
    expect(guesses).not.toContain(derivePseudonym(key, 'health', pivot));
    // The pseudonym reveals nothing of the pivot's form (fixed length, URL-safe).
    expect(fam).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(() => pseudonymKey(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});

describe('pseudonym directory', () => {
  it('resolves enrolled pseudonyms to the pivot, survives a restart from its files, and knows no one else', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-pseudonyms-'));
    dirs.push(dataDir);
    const topic = uniqueName('relais.pseudonyms');
    const instance = uniqueName('test');
    const kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'identity-test', logger });
    const producer = createProducer(kafka);
    await producer.connect();
    const make = () =>
      new PseudonymDirectory({
        kafka,
        producer,
        logger,
        key,
        dataDir,
        topic,
        instance,
        partitions: 3,
      });
    const first = make();
    await first.start();
    const alice = newPivot();
    const bob = newPivot();
    const a = await first.enrol(alice, ['family', 'health', 'tax']);
    await first.enrol(bob, ['family']);
    expect(first.resolve('family', a['family']!)).toBe(alice);
    expect(first.resolve('health', a['health']!)).toBe(alice);
    // A pseudonym of one sector means nothing in another.
    expect(first.resolve('health', a['family']!)).toBeUndefined();
    expect(first.resolve('family', 'not-a-pseudonym')).toBeUndefined();
    expect(first.size()).toBe(4);
    await first.stop();

    const restarted = make();
    await restarted.start();
    expect(restarted.resolve('tax', a['tax']!)).toBe(alice);
    expect(restarted.resolve('family', restarted.pseudonymOf('family', bob))).toBe(bob);
    await restarted.stop();
    await producer.disconnect();
  });
});

describe('identity links', () => {
  it('resolve an enrolled identity however it is spelt, survive a restart, and know no one else', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-identity-links-'));
    dirs.push(dataDir);
    const topic = uniqueName('relais.identity-links');
    const instance = uniqueName('test');
    const kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'identity-test', logger });
    const producer = createProducer(kafka);
    await producer.connect();
    const make = () =>
      new IdentityLinks({ kafka, producer, logger, key, dataDir, topic, instance, partitions: 3 });
    const camille = {
      given_name: 'Camille Anne',
      family_name: 'MARTIN',
      birthdate: '1991-03-12',
      gender: 'female',
      birthplace: '69123',
      birthcountry: '99100',
    };
    const links = make();
    await links.start();
    const pivot = newPivot();
    await links.link(pivot, camille);
    expect(links.resolve({ ...camille, given_name: 'camille  anne', family_name: 'Martin' })).toBe(
      pivot,
    );
    expect(links.resolve({ ...camille, birthdate: '1991-03-13' })).toBeUndefined();
    await expect(links.link(pivot, { ...camille, gender: '' })).rejects.toThrow(
      /gender: expected female or male/,
    );
    await links.stop();

    const restarted = make();
    await restarted.start();
    expect(restarted.resolve(camille)).toBe(pivot);
    await restarted.unlink(camille);
    expect(restarted.resolve(camille)).toBeUndefined();
    await restarted.stop();
    await producer.disconnect();
  });
});
