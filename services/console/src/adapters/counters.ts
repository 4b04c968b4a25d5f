// The services' own counters, read from their JSON /metrics and flattened to dotted names
// (`denials.revoked`, `denialsByAgency.caf.revoked`). A service that does not answer is shown
// with why, never as zeros.
import type { ServiceCounters } from '../domain/views.ts';

/** Numbers of a JSON document, by their dotted path. */
export function flatten(value: unknown, prefix = '', out: Record<string, number> = {}) {
  if (typeof value === 'number' && Number.isFinite(value)) out[prefix] = value;
  else if (value && typeof value === 'object' && !Array.isArray(value))
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

export async function readCounters(
  services: ReadonlyArray<{ service: string; url: string }>,
  timeoutMs = 2_000,
): Promise<ServiceCounters[]> {
  return Promise.all(
    services.map(async ({ service, url }): Promise<ServiceCounters> => {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (!res.ok) return { service, counters: {}, error: `HTTP ${res.status}` };
        return { service, counters: flatten(await res.json()) };
      } catch (err) {
        const error = err instanceof Error ? err.name : 'error';
        return { service, counters: {}, error: `no answer (${error})` };
      }
    }),
  );
}
