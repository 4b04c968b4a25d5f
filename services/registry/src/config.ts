// The registry's environment, parsed once at start-up.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseConfigShape, parseConfig, port, z } from '@relais/kit';
import { compatibilityLevels, topics } from '@relais/contracts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true');

export const registryConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: port(8081),
  REGISTRY_TOPIC: z.string().min(1).default(topics.schemas.name),
  REGISTRY_LEADER_GROUP: z.string().min(1).default('relais-registry'),
  /** The URL other instances forward writes to; defaults to http://HTTP_HOST:<port>. */
  REGISTRY_ADVERTISED_URL: z.url({ error: 'expected an http(s) URL' }).optional(),
  REGISTRY_LEADER_ELIGIBLE: bool(true),
  REGISTRY_DEFAULT_COMPATIBILITY: z
    .enum(compatibilityLevels, { error: `expected one of ${compatibilityLevels.join(', ')}` })
    .default('BACKWARD_TRANSITIVE'),
  REGISTRY_PUBLISH_CONTRACTS: bool(true),
  /** Holds operator.token and steward.token, the credentials that may write (as the others'). */
  REGISTRY_KEYS_DIR: z.string().default(path.join(repo, 'infra', 'agencies', '.keys')),
  REGISTRY_REPLICATION_FACTOR: z.coerce.number().int().min(-1).default(-1),
});

export type RegistryConfig = z.infer<typeof registryConfigSchema>;

export const loadConfig = (env: Record<string, string | undefined> = process.env): RegistryConfig =>
  parseConfig(registryConfigSchema, env);
