// Writes to a citizen's mandates: read the current list, change it (contracts' mandate domain),
// produce the whole new state to relais.mandates keyed by the pivot (Avro MandatesChanged,
// acks=all), and answer once this instance applied it (read-your-writes). Writes of one pivot are
// serialised in this process, so two concurrent changes never start from the same state.
import type { MandatesState } from '@relais/contracts';
import type { Pivot } from '@relais/identity';
import type { AvroSerde, MaterialisedTopic, RelaisProducer } from '@relais/kit';
import { MANDATES_CHANGED, mandatesToAvro } from '../consumers/mandates.ts';
import { errors } from '../errors.ts';
import type { MandateStore } from './mandates-store.ts';

export interface MandateChange<R> {
  /** The new whole state; undefined when nothing changes (nothing is written). */
  state?: MandatesState | undefined;
  result: R;
}

export interface MandateWriter {
  change<R>(
    pivot: Pivot,
    change: (current: MandatesState | undefined) => MandateChange<R>,
  ): Promise<R>;
}

export function mandateWriter(deps: {
  producer: Pick<RelaisProducer, 'send'>;
  serde: Pick<AvroSerde, 'encode' | 'latestId'>;
  topic: string;
  mandates: Pick<MandateStore, 'get'>;
  state: Pick<MaterialisedTopic<unknown>, 'waitFor' | 'waitForLatest'>;
  timeoutMs?: number;
}): MandateWriter {
  const chains = new Map<Pivot, Promise<unknown>>();
  const timeout = deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {};
  let schemaId: Promise<number> | undefined;
  const serialised = <R>(pivot: Pivot, task: () => Promise<R>): Promise<R> => {
    const run = (chains.get(pivot) ?? Promise.resolve()).then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    chains.set(pivot, tail);
    void tail.then(() => {
      if (chains.get(pivot) === tail) chains.delete(pivot);
    });
    return run;
  };
  return {
    change(pivot, change) {
      return serialised(pivot, async () => {
        const { state, result } = change(deps.mandates.get(pivot));
        if (!state) return result;
        let bytes: Buffer;
        try {
          schemaId ??= deps.serde.latestId(MANDATES_CHANGED);
          bytes = await deps.serde.encode(await schemaId, mandatesToAvro(state));
        } catch (err) {
          schemaId = undefined;
          throw Object.assign(errors.changeNotApplied(), { cause: err });
        }
        const [meta] = await deps.producer.send(deps.topic, [{ key: pivot, value: bytes }]);
        try {
          if (meta?.baseOffset !== undefined)
            await deps.state.waitFor(meta.partition, Number(meta.baseOffset), timeout);
          else await deps.state.waitForLatest(timeout);
        } catch (err) {
          throw Object.assign(errors.changeNotApplied(), { cause: err });
        }
        return result;
      });
    },
  };
}

/** A writer straight into a memory store (the app's unit tests). */
export function memoryMandateWriter(store: {
  get(pivot: Pivot): MandatesState | undefined;
  put(pivot: Pivot, state: MandatesState): void;
}): MandateWriter {
  return {
    async change(pivot, change) {
      const { state, result } = change(store.get(pivot));
      if (state) store.put(pivot, state);
      return result;
    },
  };
}
