// The router's environment, parsed once at start-up.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseConfigShape, parseConfig, port, z } from '@relais/kit';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const routerConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: port(8083),
  ROUTER_DATA_DIR: z.string().default(path.join(repo, '.relais', 'router')),
  ROUTER_INSTANCE: z.string().min(1).default('router-1'),
  /** Where pseudonym.key is (shared with the gateway). */
  ROUTER_KEYS_DIR: z.string().default(path.join(repo, 'infra', 'agencies', '.keys')),
});

export type RouterConfig = z.infer<typeof routerConfigSchema>;
export const loadConfig = (env: Record<string, string | undefined> = process.env): RouterConfig =>
  parseConfig(routerConfigSchema, env);
