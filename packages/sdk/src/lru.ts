// A set that remembers only its `capacity` most recently used values: the consuming side's
// bounded memory of event ids (de-duplication without growing with the stream).
// A Map keeps insertion order, so its first key is always the least recently used one.

export class LruSet<T> {
  readonly capacity: number;
  private readonly entries = new Map<T, true>();

  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity: expected a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether the value is remembered, without refreshing it. */
  has(value: T): boolean {
    return this.entries.has(value);
  }

  /** Marks a remembered value as the most recently used; false when it is not remembered. */
  touch(value: T): boolean {
    if (!this.entries.delete(value)) return false;
    this.entries.set(value, true);
    return true;
  }

  /**
   * Remembers a value as the most recently used, forgetting the least recently used one when
   * full. Returns true when the value was new, false when it was already there (refreshed).
   */
  add(value: T): boolean {
    if (this.touch(value)) return false;
    this.entries.set(value, true);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return true;
  }

  delete(value: T): boolean {
    return this.entries.delete(value);
  }

  clear(): void {
    this.entries.clear();
  }

  /** From the least to the most recently used. */
  values(): IterableIterator<T> {
    return this.entries.keys();
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this.values();
  }
}
