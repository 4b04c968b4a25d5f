// A gateway killed between claiming an Idempotency-Key and storing its answer left the key "in
// progress": every retry answered 409 for 24 h (the fault campaign, test/faults, gave up on 4
// publications that way). The next process takes such a claim over and runs the request again,
// with the same event ids, so that what the dead one may have produced is the same event.
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { AgencyId } from '@relais/contracts';
import { eventIdFor, idempotencyStore } from '../src/adapters/idempotency.ts';

const agency = 'mairie-lyon' as AgencyId;

describe('an Idempotency-Key claimed by a gateway that died', () => {
  it('is taken over by the next process, with the same body only', () => {
    const db = new DatabaseSync(':memory:');
    const dead = idempotencyStore(db, () => 0);
    const hash = dead.hash(['contract', { subject: 's', data: {} }]);
    expect(dead.begin(agency, 'k1', hash)).toBeUndefined(); // claimed, then SIGKILL
    // The same process still running it: in progress.
    expect(() => dead.begin(agency, 'k1', hash)).toThrow(/still in progress/);

    const next = idempotencyStore(db, () => 0);
    expect(() => next.begin(agency, 'k1', dead.hash(['other']))).toThrow(/different request/);
    expect(next.begin(agency, 'k1', hash)).toBeUndefined(); // taken over: run again
    expect(() => next.begin(agency, 'k1', hash)).toThrow(/still in progress/);
    next.complete(agency, 'k1', { status: 202, body: { id: 'x' } });
    expect(next.begin(agency, 'k1', hash)).toEqual({ status: 202, body: { id: 'x' } });
  });

  it('gives the events of a keyed request ids that only the agency, key, request and index set', () => {
    const id = eventIdFor(agency, 'k1', 'h', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(eventIdFor(agency, 'k1', 'h', 0)).toBe(id);
    for (const other of [
      eventIdFor('caf', 'k1', 'h', 0),
      eventIdFor(agency, 'k2', 'h', 0),
      eventIdFor(agency, 'k1', 'h2', 0),
      eventIdFor(agency, 'k1', 'h', 1),
    ])
      expect(other).not.toBe(id);
  });
});
