// The eligibility service's environment, parsed once at start-up.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { baseConfigShape, parseConfig, port, z } from '@relais/kit';
import type { AddedValue } from './domain/book.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const eligibilityConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: port(8084),
  ELIGIBILITY_DATA_DIR: z.string().default(path.join(repo, '.relais', 'eligibility')),
  /** This instance's name: its own consumer group for the consents (dec-048). */
  ELIGIBILITY_INSTANCE: z
    .string()
    .min(1)
    .default(() => `eligibility-${hostname()}`),
  /** Where pseudonym.key and operator.token are (shared with the gateway and the router). */
  ELIGIBILITY_KEYS_DIR: z.string().default(path.join(repo, 'infra', 'agencies', '.keys')),
  /** A YAML file of parameter values added when a new text is published (see README). */
  ELIGIBILITY_PARAMETERS: z.string().optional(),
});

export type EligibilityConfig = z.infer<typeof eligibilityConfigSchema>;
export const loadConfig = (
  env: Record<string, string | undefined> = process.env,
): EligibilityConfig => parseConfig(eligibilityConfigSchema, env);

/** `values: [{parameter, from, value, source}]` from a YAML file. */
export function readAddedParameters(file: string | undefined): AddedValue[] {
  if (!file) return [];
  const doc = parse(readFileSync(file, 'utf8')) as { values?: unknown } | null;
  if (!doc || !Array.isArray(doc.values))
    throw new Error(`${file}: expected a "values" list of {parameter, from, value, source}`);
  return doc.values as AddedValue[];
}
