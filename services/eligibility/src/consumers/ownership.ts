// Which partitions of the facts this instance owns (the consumer group's assignment), and each
// one's catch-up with the profiles' changelog, run once per assignment (dec-048): awaited by the
// facts consumer before the first batch of a partition given here, and by a campaign before it
// evaluates the partition's profiles.
import type { Consumer } from 'kafkajs';

export interface Ownership {
  /** The partitions the group gave this instance, as of its latest assignment. */
  owned(): number[];
  /** Resolves once the partition's file is up to the changelog's end (catch-up run once). */
  ready(partition: number): Promise<void>;
}

export function ownership(
  consumer: Consumer,
  topic: string,
  catchUp: (partition: number) => Promise<unknown>,
  /** Called after each assignment (a campaign may be due on a partition given here). */
  onAssigned?: () => void,
): Ownership {
  let owned: number[] = [];
  const ready = new Map<number, Promise<void>>();
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    owned = [...(payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
    // A partition given back later may have moved on elsewhere meanwhile: caught up again then.
    for (const p of [...ready.keys()]) if (!owned.includes(p)) ready.delete(p);
    onAssigned?.();
  });
  return {
    owned: () => owned,
    ready(partition) {
      let done = ready.get(partition);
      if (!done) {
        done = catchUp(partition).then(() => undefined);
        // A failed catch-up is tried again by the next caller.
        done.catch(() => ready.delete(partition));
        ready.set(partition, done);
      }
      return done;
    },
  };
}
