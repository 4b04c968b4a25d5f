// What reaches an agency, for the inbox and webhook tests: the env, a webhook receiver on HTTPS
// whose certificate the gateway trusts, and deliveries written straight to
// relais.deliveries.<agency> as the router writes them (Avro value, CloudEvents headers).
import type { Producer } from 'kafkajs';
import { asAgencyId } from '@relais/contracts';
import {
  AvroSerde,
  createEnvelope,
  envelopeToHeaders,
  systemClock,
  type NewEnvelope,
} from '@relais/kit';
import { testKafka } from '@relais/testkit';
import type { GatewayOptions, RunningGateway } from '../src/index.ts';
import { selfSignedCert, startReceiver, type Receiver } from './fixtures/webhooks/receiver.ts';
import { startEnv, type Env } from './support.ts';

/** One delivery: its event id, and the recipient's pseudonym as key (it picks the partition). */
export interface Delivery {
  id: string;
  key: string;
  postcode?: string;
}

/** Where a record was written. */
export interface Written {
  topic: string;
  partition: number;
  offset: string;
}

export interface DeliveryWorld {
  env: Env;
  receiver: Receiver;
  /** A producer on the run's broker, for the records a test writes itself. */
  producer: Producer;
  /**
   * Writes an AddressChanged per delivery, one after another (acks=all); `envelope` adds
   * CloudEvents attributes (purpose, legal basis, consent).
   */
  deliver(
    agency: string,
    deliveries: Delivery[],
    envelope?: Omit<NewEnvelope, 'source' | 'type'>,
  ): Promise<Written[]>;
  /** Resolves once each of these instances' inbox replica applied these records. */
  applied(
    gateways: RunningGateway[],
    agency: string,
    records: Array<{ partition: number; offset: string }>,
  ): Promise<void>;
  close(): Promise<void>;
}

type Webhooks = NonNullable<GatewayOptions['webhooks']>;

export async function startDeliveryWorld(
  webhooks: Omit<Webhooks, 'tlsCa'>,
): Promise<DeliveryWorld> {
  const tls = selfSignedCert();
  const env = await startEnv({ webhooks: { ...webhooks, tlsCa: tls.cert } });
  const receiver = await startReceiver(tls);
  const producer = testKafka().producer();
  await producer.connect();
  const serde = new AvroSerde(env.registry.url);
  return {
    env,
    receiver,
    producer,
    async deliver(agency, deliveries, envelope = {}) {
      const topic = `relais.deliveries.${env.id(agency)}`;
      const schemaId = await serde.latestId('fr.gouv.residence.AddressChanged');
      const written: Written[] = [];
      for (const delivery of deliveries) {
        const value = await serde.encode(schemaId, {
          street: '12 rue de la République',
          additionalLine: null,
          postcode: delivery.postcode ?? '69002',
          cityCode: '69382',
          city: 'LYON',
          countryCode: 'FR',
          effectiveDate: '2026-11-01',
          moveKind: 'WITHIN_COMMUNE',
          declaredAt: new Date('2026-11-02T09:30:00Z'),
        });
        const headers = envelopeToHeaders(
          createEnvelope(
            {
              source: 'urn:relais:agency:relais',
              type: 'fr.gouv.residence.AddressChanged',
              ...envelope,
            },
            { clock: systemClock, ids: () => delivery.id },
          ),
        );
        const [meta] = await producer.send({
          topic,
          acks: -1,
          messages: [{ key: delivery.key, value, headers }],
        });
        written.push({ topic, partition: meta?.partition ?? 0, offset: meta?.baseOffset ?? '0' });
      }
      return written;
    },
    async applied(gateways, agency, records) {
      for (const g of gateways)
        for (const r of records)
          await g.inboxApplied(asAgencyId(env.id(agency)), r.partition, Number(r.offset));
    },
    async close() {
      await producer.disconnect();
      await receiver.close();
      await env.close();
    },
  };
}
