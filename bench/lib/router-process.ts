// One router as its own process, for `bench:router -- --instances N`: N of these share a drain's
// partitions through their consumer group, as N deployed routers would. Its options come as JSON
// in ROUTER_BENCH_OPTIONS (the bench's registry, keys, topics); it prints "ready" once started and
// stops cleanly on SIGTERM.
import { loadCatalog } from '@relais/contracts';
import { createLogger, createServiceMetrics } from '@relais/kit';
import { startRouter, type RouterOptions } from '@relais/router';

type Passed = Omit<RouterOptions, 'logger' | 'catalog' | 'metrics'>;
const options = JSON.parse(process.env['ROUTER_BENCH_OPTIONS'] ?? '{}') as Passed;
const router = await startRouter({
  ...options,
  logger: createLogger({ service: 'router', level: process.env['LOG_LEVEL'] ?? 'warn' }),
  catalog: loadCatalog().catalog,
  metrics: createServiceMetrics('router', { scrapeToken: crypto.randomUUID() }),
});
console.log('ready');
process.once('SIGTERM', () => {
  void router.close().then(() => process.exit(0));
});
