// A partition assigner for the registry's leader election: partition 0 of the leader topic
// (the right to write) stays with the member that already holds it, so an instance joining
// the group never moves the lead; only when the leader leaves or dies does another take it.
import { AssignerProtocol, type Assigner, type PartitionAssigner } from 'kafkajs';

const LEADER_MARK = 'relais-registry-leader';

export function leaderAssigner(isLeader: () => boolean): PartitionAssigner {
  return (): Assigner => ({
    name: 'RelaisRegistryLeader',
    version: 1,
    async assign({ members, topics }) {
      const marked = members.find((m) => {
        const meta = AssignerProtocol.MemberMetadata.decode(m.memberMetadata);
        return meta?.userData?.toString() === LEADER_MARK;
      });
      // No leader yet (first start, or the leader died): the smallest member id takes it.
      const winner = marked ?? [...members].sort((a, b) => a.memberId.localeCompare(b.memberId))[0];
      return members.map((m) => ({
        memberId: m.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 1,
          assignment:
            m.memberId === winner?.memberId ? Object.fromEntries(topics.map((t) => [t, [0]])) : {},
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol({ topics }) {
      return {
        name: 'RelaisRegistryLeader',
        metadata: AssignerProtocol.MemberMetadata.encode({
          version: 1,
          topics,
          userData: Buffer.from(isLeader() ? LEADER_MARK : ''),
        }),
      };
    },
  });
}
