// One writer per partition at a time: a campaign page and a batch of facts both read, evaluate,
// publish and write profiles back; interleaved, the later write would lose the other's changes.

/** Runs `fn` alone on the partition, after whatever runs there now. */
export type Exclusive = <T>(partition: number, fn: () => Promise<T>) => Promise<T>;

export function partitionLock(): Exclusive {
  const locks = new Map<number, Promise<unknown>>();
  return <T>(partition: number, fn: () => Promise<T>): Promise<T> => {
    const run = (locks.get(partition) ?? Promise.resolve()).then(fn, fn);
    locks.set(
      partition,
      run.catch(() => undefined),
    );
    return run;
  };
}
