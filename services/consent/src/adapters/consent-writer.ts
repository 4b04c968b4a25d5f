// Writes to a citizen's consent state: read the current document, change it (src/domain/),
// produce the whole new document to relais.consents keyed by the pivot (acks=all), and answer
// only once the consumer applied it — the caller reads its own write. Writes of one pivot are
// serialised in this process, so two concurrent changes never start from the same document.
import type { ConsentDocument } from '@relais/contracts';
import type { Pivot } from '@relais/identity';
import type { MaterialisedTopic, RelaisProducer } from '@relais/kit';
import { errors } from '../errors.ts';
import type { DocumentStore } from './documents.ts';

export interface ChangeOutcome<R> {
  /** The new whole document; undefined when nothing changes (nothing is written). */
  document?: ConsentDocument | undefined;
  result: R;
}

export interface ConsentWriterDeps {
  producer: RelaisProducer;
  topic: string;
  documents: DocumentStore;
  /** The consents topic as this instance applied it. */
  state: Pick<MaterialisedTopic<unknown>, 'waitFor' | 'waitForLatest'>;
  timeoutMs?: number;
}

export interface ConsentWriter {
  /**
   * Applies `change` to the citizen's current document and, when it returns a new one, writes it
   * and waits until this instance applied it; answers the change's result.
   */
  change<R>(
    pivot: Pivot,
    change: (current: ConsentDocument | undefined) => ChangeOutcome<R>,
  ): Promise<R>;
  /** Writes in flight (for tests and operators). */
  inFlight(): number;
}

export function consentWriter(deps: ConsentWriterDeps): ConsentWriter {
  // One promise chain per pivot with a write in flight; dropped when its last write settles, so
  // the map holds at most the citizens being written right now.
  const chains = new Map<Pivot, Promise<unknown>>();
  const timeout = deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {};
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
        const { document, result } = change(deps.documents.get(pivot));
        if (!document) return result;
        const [meta] = await deps.producer.send(deps.topic, [
          {
            key: pivot,
            value: JSON.stringify(document),
            headers: { 'content-type': 'application/json' },
          },
        ]);
        try {
          if (meta?.baseOffset !== undefined)
            await deps.state.waitFor(meta.partition, Number(meta.baseOffset), timeout);
          else await deps.state.waitForLatest(timeout);
        } catch (err) {
          // Written (acks=all), not yet visible here: the client may read it a little later.
          throw Object.assign(errors.changeNotApplied(), { cause: err });
        }
        return result;
      });
    },
    inFlight: () => chains.size,
  };
}
