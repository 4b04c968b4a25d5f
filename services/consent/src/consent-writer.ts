// Writes to a citizen's consent state: read the current document, change it (src/domain/),
// produce the whole new document to relais.consents keyed by the pivot (acks=all), and answer
// only once the consumer applied it — the caller reads its own write. Writes of one pivot are
// serialised in this process, so two concurrent changes never start from the same document.
import type { ConsentDocument } from '@relais/contracts';
import { AppError, type MaterialisedTopic, type RelaisProducer } from '@relais/kit';
import type { DocumentStore } from './store/documents.ts';

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

export function consentWriter(deps: ConsentWriterDeps) {
  // One promise chain per pivot with a write in flight; dropped when its last write settles, so
  // the map holds at most the citizens being written right now.
  const chains = new Map<string, Promise<unknown>>();
  const timeout = deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {};
  const serialised = <R>(pivot: string, task: () => Promise<R>): Promise<R> => {
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
    change<R>(
      pivot: string,
      change: (current: ConsentDocument | undefined) => ChangeOutcome<R>,
    ): Promise<R> {
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
          throw new AppError(
            'unavailable',
            'consent state: the change is written but not applied here yet; read again shortly',
            [],
            { cause: err },
          );
        }
        return result;
      });
    },
    /** Writes in flight (for tests and operators). */
    inFlight: () => chains.size,
  };
}

export type ConsentWriter = ReturnType<typeof consentWriter>;
