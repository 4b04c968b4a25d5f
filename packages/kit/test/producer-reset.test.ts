// kafkajs' idempotent producer never recovers from a lost sequence state (OUT_OF_ORDER_SEQUENCE_NUMBER
// after a leader failover, found by the fault campaign, test/faults): the kit replaces it with a new
// producer and answers its callers with a retriable error, so that a consumer whose batch failed
// starts again from its last commit instead of crashing for good.
import type { Kafka, Producer } from 'kafkajs';
import { KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createProducer, producerStateLost, ProducerReset } from '../src/index.ts';

// As kafkajs' retrier gives up on it: the protocol error as the cause of a non-retriable one.
const outOfOrder = () => {
  const protocol = new KafkaJSProtocolError({
    message: 'The broker received an out of order sequence number',
    type: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
    code: 45,
    retriable: false,
  } as never);
  return Object.assign(new KafkaJSNonRetriableError(protocol), { cause: protocol });
};

/** kafkajs producers that fail while `broken` says so; how many were made and connected. */
function fakeKafka(broken: (made: number) => boolean) {
  const made: Array<{ connected: boolean; sent: number }> = [];
  const kafka = {
    producer: () => {
      const index = made.length;
      const state = { connected: false, sent: 0 };
      made.push(state);
      const fail = async () => {
        if (broken(index)) throw outOfOrder();
        state.sent += 1;
        return [];
      };
      return {
        connect: async () => void (state.connected = true),
        disconnect: async () => void (state.connected = false),
        sendBatch: fail,
        send: fail,
      } as unknown as Producer;
    },
  } as unknown as Kafka;
  return { kafka, made };
}

describe('a producer whose sequence state is lost', () => {
  it('is recognised through kafkajs wrapping, and nothing else is', () => {
    expect(producerStateLost(outOfOrder())).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(producerStateLost(new Error('connect ECONNREFUSED'))).toBeUndefined();
  });

  it('is replaced; its callers get a retriable error; the next send goes through', async () => {
    const { kafka, made } = fakeKafka((i) => i === 0);
    const producer = createProducer(kafka);
    await producer.connect();
    const failed = await producer.publish('t', [{ key: 'k', value: 'v' }]).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ProducerReset);
    expect(failed).toMatchObject({ retriable: true });
    expect((failed as Error).cause).toBeUndefined();
    expect(made).toHaveLength(2);
    expect(made[0]?.connected).toBe(false);
    expect(made[1]?.connected).toBe(true);
    await producer.publish('t', [{ key: 'k', value: 'v' }]);
    await producer.send('t', [{ key: 'k', value: 'v' }]);
    expect(made[1]?.sent).toBe(2);
    expect(producer.raw).toBeDefined();
  });

  it('keeps any other error as it is, and the same producer', async () => {
    const { kafka, made } = fakeKafka(() => false);
    const producer = createProducer(kafka);
    await producer.connect();
    await producer.send('t', [{ key: 'k', value: 'v' }]);
    expect(made).toHaveLength(1);
  });
});
