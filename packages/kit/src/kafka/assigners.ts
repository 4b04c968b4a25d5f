// A consumer group's assignment by partition number: partition P of every topic the group reads
// goes to the same member. For co-partitioned inputs (same key, same partition count) whose
// partition P shares one piece of state — the router's events of every domain append to one
// access-log chain per partition number: two members each given partition P of another topic
// would append to the same chain at once and fork it (dec-048). kafkajs' round robin deals the
// topics' partitions out one after the other, with no such guarantee.
import { AssignerProtocol, PartitionAssigners, type PartitionAssigner } from 'kafkajs';

const NAME = 'RelaisByPartitionNumber';
const VERSION = 0;

export const byPartitionNumber: PartitionAssigner = ({ cluster }) => ({
  name: NAME,
  version: VERSION,
  async assign({ members, topics }) {
    const sorted = members.map((m) => m.memberId).sort();
    const assignment = new Map<string, Record<string, number[]>>(sorted.map((id) => [id, {}]));
    for (const topic of topics) {
      const partitions = cluster.findTopicPartitionMetadata(topic).map((m) => m.partitionId);
      for (const partition of partitions.sort((a, b) => a - b)) {
        const owned = assignment.get(sorted[partition % sorted.length] ?? '');
        if (owned) (owned[topic] ??= []).push(partition);
      }
    }
    return sorted.map((memberId) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: VERSION,
        assignment: assignment.get(memberId) ?? {},
        userData: Buffer.alloc(0),
      }),
    }));
  },
  protocol({ topics }) {
    return {
      name: NAME,
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: VERSION,
        topics,
        userData: Buffer.alloc(0),
      }),
    };
  },
});

/** By partition number first; round robin still understood while members of an older version remain. */
export const coPartitionedAssigners: PartitionAssigner[] = [
  byPartitionNumber,
  PartitionAssigners.roundRobin,
];
