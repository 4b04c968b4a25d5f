// Time and randomness are handed to code that needs them, so domain code and tests control both.
import { randomUUID } from 'node:crypto';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; for tests. */
export function fixedClock(start: Date | string): Clock & { advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
  };
}

export type IdGenerator = () => string;

export const uuidGenerator: IdGenerator = () => randomUUID();
