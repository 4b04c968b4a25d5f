// The router's environment, parsed once at start-up.
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseConfigShape, parseConfig, port, z } from '@relais/kit';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const routerConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: port(8083),
  ROUTER_DATA_DIR: z.string().default(path.join(repo, '.relais', 'router')),
  /** Names this instance to Kafka and operators; each replica its host's name by default. */
  ROUTER_INSTANCE: z
    .string()
    .min(1)
    .default(() => `router-${hostname()}`),
  /** Where pseudonym.key is (shared with the gateway). */
  ROUTER_KEYS_DIR: z.string().default(path.join(repo, 'infra', 'agencies', '.keys')),
  /**
   * `off` for replicas that only route: one archivist per deployment keeps the access log's
   * archive and signs its checkpoints (each archivist reads every partition).
   */
  ROUTER_ARCHIVIST: z.enum(['on', 'off'], { error: 'expected on or off' }).default('on'),
  /** The access log's archive (dec-036); the consent service reads the same one. */
  ROUTER_ARCHIVE_DIR: z.string().default(path.join(repo, '.relais', 'archive')),
  /** A signed checkpoint of each access-log partition every N records… */
  ROUTER_CHECKPOINT_EVERY_RECORDS: z.coerce
    .number({ error: 'expected a number of records' })
    .int()
    .positive()
    .default(1000),
  /** …and at least this often while records are pending. */
  ROUTER_CHECKPOINT_EVERY_MS: z.coerce
    .number({ error: 'expected milliseconds' })
    .int()
    .positive()
    .default(60_000),
});

export type RouterConfig = z.infer<typeof routerConfigSchema>;
export const loadConfig = (env: Record<string, string | undefined> = process.env): RouterConfig =>
  parseConfig(routerConfigSchema, env);
