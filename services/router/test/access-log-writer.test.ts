// Two writers on one access-log partition, as two routers around a handover: records judged
// before the other writer appended are never appended on the head alone; they are refused until
// the chain and the (event, recipient) already recorded are read back (dec-048).
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAgencyId, asEventId } from '@relais/contracts';
import { asPivot } from '@relais/identity';
import { createKafka, createProducer, type RelaisProducer } from '@relais/kit';
import { kafkaBrokers, uniqueName } from '@relais/testkit';
import { AccessLogWriter, ChainMoved } from '../src/adapters/access-log-writer.ts';
import type { UnchainedAccessRecord } from '../src/domain/access-record.ts';
import { startWorld, testLogger, type World } from './support.ts';

let world: World;
let producer: RelaisProducer;
beforeAll(async () => {
  world = await startWorld();
  producer = createProducer(
    createKafka({ brokers: kafkaBrokers(), clientId: 'writer-test', logger: testLogger('w') }),
  );
  await producer.connect();
});
afterAll(async () => {
  await producer?.disconnect();
  await world?.close();
});

const record = (eventId: string, at: Date): UnchainedAccessRecord => ({
  accessId: `${eventId}-caf`,
  eventId,
  recipient: 'caf',
  contract: 'fr.gouv.residence.AddressChanged',
  fields: ['postcode'],
  legalBasis: 'CONSENT',
  consentId: null,
  purpose: 'test',
  recordedAt: at,
  traceId: null,
});

describe('the access-log writer around a handover', () => {
  it('refuses what was judged before another router appended, until read back', async () => {
    const topic = uniqueName('relais.access-log.writer');
    const writer = () =>
      new AccessLogWriter({
        kafka: createKafka({ brokers: kafkaBrokers(), clientId: 'w', logger: testLogger('w') }),
        producer,
        serde: world.serde,
        db: new DatabaseSync(':memory:'),
        logger: testLogger('writer'),
        topic,
      });
    const a = writer();
    const b = writer();
    await a.start();
    await b.start();
    const pivot = asPivot('pivot-1');
    const now = new Date();
    await a.appendMany(0, [{ pivot, records: [record('e1', now)] }], undefined, a.reading(0));

    // B is given the partition, reads it back, and records e2.
    expect(await b.takeOver(0, 0)).toEqual([[asEventId('e1'), asAgencyId('caf')]]);
    await b.appendMany(0, [{ pivot, records: [record('e2', now)] }], undefined, b.reading(0));

    // A judged e2 before it knew: its append is refused (the end moved), and so is a retry of
    // the same judgement (before the fix, the retry chained on from the head it re-read).
    const judged = a.reading(0);
    const again = () =>
      a.appendMany(0, [{ pivot, records: [record('e2', now)] }], undefined, judged);
    await expect(again()).rejects.toBeInstanceOf(ChainMoved);
    await expect(again()).rejects.toBeInstanceOf(ChainMoved);
    expect(a.needsReadBack(0)).toBe(true);
    // Read back, A sees e2 done and goes on from B's head.
    expect(await a.takeOver(0, 0)).toContainEqual([asEventId('e2'), asAgencyId('caf')]);
    await a.appendMany(0, [{ pivot, records: [record('e3', now)] }], undefined, a.reading(0));
    await a.stop();
    await b.stop();
  });
});
