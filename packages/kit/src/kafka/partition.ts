// The partition Kafka's default partitioner gives a key: murmur2 of its bytes, as the Java client
// and librdkafka's `murmur2_random` do, which is what the kit's producer uses. A reader that knows
// the key finds its record in one partition's store instead of asking each of them.
import { Partitioners, type PartitionMetadata } from 'kafkajs';

const partitioner = Partitioners.DefaultPartitioner();
const layouts = new Map<number, PartitionMetadata[]>();

function layout(partitions: number): PartitionMetadata[] {
  let metadata = layouts.get(partitions);
  if (!metadata) {
    metadata = Array.from({ length: partitions }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    layouts.set(partitions, metadata);
  }
  return metadata;
}

/** The partition of `key` on a topic of `partitions` partitions. */
export function partitionOfKey(key: string | Buffer, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new RangeError(`partitions must be a whole number ≥ 1, got ${partitions}`);
  return partitioner({
    topic: '',
    partitionMetadata: layout(partitions),
    message: { key, value: null },
  });
}
