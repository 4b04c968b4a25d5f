// The registry every benchmark needs: in process, on its own storage topic, the whole catalog
// published.
import { topics, type Catalog } from '@relais/contracts';
import type { Logger } from '@relais/kit';
import { startRegistry } from '@relais/registry';

export function startBenchRegistry(
  brokers: string[],
  logger: Logger,
  stamp: string,
  catalog: Catalog,
  /** Holds operator.token and steward.token (ensureDevKeys creates them). */
  keysDir: string,
) {
  return startRegistry({
    brokers,
    logger,
    topic: `${topics.schemas.name}.bench.${stamp}`,
    leaderGroup: `relais-registry.bench.${stamp}`,
    leaderEligible: true,
    defaultLevel: 'BACKWARD_TRANSITIVE',
    publishContracts: true,
    host: '127.0.0.1',
    port: 0,
    ...(catalog ? { catalog } : {}),
    keysDir,
  });
}
