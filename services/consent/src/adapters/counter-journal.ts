// The counter agents' journal (dec-040): every action and every refused attempt of a France
// Services agent is appended to relais.counter-actions as an Avro `AgentActed` — who, which
// structure, under which mandate (and that mandate's date, what the citizen knows it by), what,
// done or refused and why, when — keyed by the citizen's pivot, or `structure:<id>` when the
// attempt names no citizen. Written by the service that decided (the consent service, the
// notifier), never trusted to the counter's own word. Append-only: nothing here updates a record.
import { randomUUID } from 'node:crypto';
import type { AgentActed } from '@relais/contracts/generated';
import type { Pivot } from '@relais/identity';
import type { AvroSerde, Clock, Logger, RelaisProducer } from '@relais/kit';

export const AGENT_ACTED = 'fr.gouv.relais.AgentActed';

export type AgentActionKind = Exclude<AgentActed['action'], 'UNKNOWN'>;

export interface JournalAgent {
  sub: string;
  name: string;
  structure: { id: string; name: string };
}

export interface CounterJournalEntry {
  /** The citizen, when the attempt named one that exists. */
  pivot?: Pivot | undefined;
  agent: JournalAgent;
  mandate?: { mandateId: string; createdAt: Date } | undefined;
  action: AgentActionKind;
  target?: string | null | undefined;
  /** null: done; a refusal code: refused. */
  refused: string | null;
}

export interface CounterJournal {
  /** Appends the entry (acks=all); a journal that cannot be written fails the caller's action. */
  write(entry: CounterJournalEntry): Promise<AgentActed>;
}

export function counterJournal(deps: {
  producer: Pick<RelaisProducer, 'send'>;
  serde: Pick<AvroSerde, 'encode' | 'latestId'>;
  topic: string;
  clock: Clock;
  logger?: Logger;
}): CounterJournal {
  let schemaId: Promise<number> | undefined;
  return {
    async write(entry) {
      const value = agentActed(entry, deps.clock.now());
      try {
        schemaId ??= deps.serde.latestId(AGENT_ACTED);
        const bytes = await deps.serde.encode(await schemaId, value);
        const key = entry.pivot ?? `structure:${entry.agent.structure.id}`;
        await deps.producer.send(deps.topic, [{ key, value: bytes }]);
      } catch (err) {
        schemaId = undefined;
        throw err;
      }
      return value;
    },
  };
}

export function agentActed(
  entry: CounterJournalEntry,
  now: Date,
  actionId = randomUUID(),
): AgentActed {
  return {
    actionId,
    agentSub: entry.agent.sub,
    agentName: entry.agent.name,
    structureId: entry.agent.structure.id,
    structureName: entry.agent.structure.name,
    mandateId: entry.mandate?.mandateId ?? null,
    mandateCreatedAt: entry.mandate?.createdAt ?? null,
    action: entry.action,
    target: entry.target ?? null,
    outcome: entry.refused === null ? 'DONE' : 'REFUSED',
    reason: entry.refused,
    actedAt: now,
  };
}

/** A journal in memory (unit tests): what was written, in order. */
export function memoryCounterJournal(clock: Clock): CounterJournal & {
  entries: Array<AgentActed & { pivot?: Pivot | undefined }>;
} {
  const entries: Array<AgentActed & { pivot?: Pivot | undefined }> = [];
  return {
    entries,
    async write(entry) {
      const value = agentActed(entry, clock.now());
      entries.push({ ...value, pivot: entry.pivot });
      return value;
    },
  };
}
