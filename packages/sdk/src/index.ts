// @relais/sdk: what an agency imports to publish and consume typed Relais events over Kafka.
export { createRelaisClient, type RelaisClient } from './client.ts';
export { LruSet } from './lru.ts';
export { DEFAULT_DEDUP_CAPACITY, decodeDelivery } from './consume.ts';
export { MAX_SUBJECT_LENGTH, isContractName } from './publish.ts';
export {
  agencyUrn,
  defaultGroupId,
  deliveriesTopic,
  ingressTopic,
  sdkDeadLetterTopic,
} from './topics.ts';
export type * from './types.ts';
export { AppError, deadLetterOrigin, type FieldProblem, type Envelope } from '@relais/kit';
