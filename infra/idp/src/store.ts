// Where the provider keeps sessions, interactions, codes and tokens: memory, bounded, with
// expiry judged by the clock it is handed. A local stand-in loses its sessions at restart, as
// FranceConnect's integration environment may; the signing keys and pairwise secret are on disk.
import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

export interface MemoryStore {
  adapter: (name: string) => Adapter;
  size(): number;
}

// Tokens revoked with their grant (an Interaction also names a grant, and must survive a logout
// that happens inside it: another account signing in ends the previous session first).
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

/** One store for every model; at most `capacity` entries, the oldest dropped first. */
export function memoryStore(now: () => number, capacity = 10_000): MemoryStore {
  const entries = new Map<string, Entry>();
  const byUid = new Map<string, string>();
  const byUserCode = new Map<string, string>();
  const byGrant = new Map<string, Set<string>>();

  const live = (key: string | undefined): AdapterPayload | undefined => {
    if (key === undefined) return undefined;
    const e = entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= now()) {
      remove(key);
      return undefined;
    }
    return e.payload;
  };

  function remove(key: string): void {
    const e = entries.get(key);
    if (!e) return;
    entries.delete(key);
    if (e.payload.uid !== undefined) byUid.delete(e.payload.uid);
    if (e.payload.userCode !== undefined) byUserCode.delete(e.payload.userCode);
    if (e.payload.grantId !== undefined) {
      const set = byGrant.get(e.payload.grantId);
      set?.delete(key);
      if (set?.size === 0) byGrant.delete(e.payload.grantId);
    }
  }

  function sweep(): void {
    const t = now();
    for (const [key, e] of entries) if (e.expiresAt <= t) remove(key);
    // Still full: drop the oldest (a Map iterates in insertion order).
    for (const key of entries.keys()) {
      if (entries.size < capacity) break;
      remove(key);
    }
  }

  const adapter = (name: string): Adapter => {
    const k = (id: string) => `${name}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const key = k(id);
        remove(key);
        if (entries.size >= capacity) sweep();
        const ttl = expiresIn === undefined ? 3600 : expiresIn;
        entries.set(key, { payload: structuredClone(payload), expiresAt: now() + ttl * 1000 });
        if (payload.uid !== undefined) byUid.set(payload.uid, key);
        if (payload.userCode !== undefined) byUserCode.set(payload.userCode, key);
        if (payload.grantId !== undefined && GRANTABLE.has(name)) {
          const set = byGrant.get(payload.grantId) ?? new Set<string>();
          set.add(key);
          byGrant.set(payload.grantId, set);
        }
      },
      async find(id) {
        const p = live(k(id));
        return p === undefined ? undefined : structuredClone(p);
      },
      async findByUid(uid) {
        const p = live(byUid.get(uid));
        return p === undefined ? undefined : structuredClone(p);
      },
      async findByUserCode(userCode) {
        const p = live(byUserCode.get(userCode));
        return p === undefined ? undefined : structuredClone(p);
      },
      async consume(id) {
        const e = entries.get(k(id));
        if (e) e.payload.consumed = Math.floor(now() / 1000);
      },
      async destroy(id) {
        remove(k(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of byGrant.get(grantId) ?? []) remove(key);
        byGrant.delete(grantId);
      },
    };
  };

  return { adapter, size: () => entries.size };
}
