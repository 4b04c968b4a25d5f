// Who a Kafka client authenticates as (dec-031), resolved in one place for every client:
//   1. an explicit `sasl` (a test's agency, start.ts handing each service its principal);
//   2. the process's configuration — KAFKA_SASL_MECHANISM + KAFKA_SASL_USERNAME +
//      KAFKA_SASL_PASSWORD_FILE (or KAFKA_SASL_PASSWORD), a production process;
//   3. RELAIS_KAFKA_CREDENTIALS, the local cluster's credentials file, from which the client picks
//      its own service's principal (createKafka knows its `service`).
// A service hands its config's (`kafkaAuthOf`); tools and tests without a service config use the
// same variables, parsed once by `processKafkaAuth`. Nothing at all: plaintext, for an external
// cluster that is itself open.
import { readFileSync } from 'node:fs';

export const kafkaSaslMechanisms = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;
export type KafkaSaslMechanism = (typeof kafkaSaslMechanisms)[number];

/** What kafkajs takes as `sasl` (a union per mechanism, as kafkajs types it). */
export type KafkaSasl = {
  [M in KafkaSaslMechanism]: { mechanism: M; username: string; password: string };
}[KafkaSaslMechanism];

/** Where a process's Kafka credentials come from (its configuration). */
export interface KafkaAuth {
  /** KAFKA_SASL_*: this process's own principal. */
  sasl?: KafkaSasl | undefined;
  /** RELAIS_KAFKA_CREDENTIALS: the local cluster's file; each service picks its principal. */
  credentialsFile?: string | undefined;
}

/** The part of infra/kafka's credentials file a client reads. */
interface CredentialsFile {
  mechanism: KafkaSaslMechanism;
  principals: Record<string, string>;
  services: Record<string, string>;
}

/** The principal `service` connects as, from the local cluster's credentials file. */
export function saslFromCredentialsFile(file: string, service: string | undefined): KafkaSasl {
  let parsed: CredentialsFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as CredentialsFile;
  } catch (err) {
    throw new Error(
      `RELAIS_KAFKA_CREDENTIALS: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'invalid JSON'})`,
      { cause: err },
    );
  }
  const username = service ? parsed.services?.[service] : undefined;
  const password = username ? parsed.principals?.[username] : undefined;
  if (!username || !password) {
    throw new Error(
      `RELAIS_KAFKA_CREDENTIALS: ${file} has no principal for service "${service ?? '(none)'}"` +
        ` (known: ${Object.keys(parsed.services ?? {}).join(', ') || 'none'}); run npm run kafka:principals`,
    );
  }
  return { mechanism: parsed.mechanism, username, password };
}

/** The SASL settings of a client: explicit, else the configuration's, else none. */
export function resolveKafkaSasl(
  explicit: KafkaSasl | undefined,
  auth: KafkaAuth | undefined,
  service: string | undefined,
): KafkaSasl | undefined {
  if (explicit) return explicit;
  if (auth?.sasl) return auth.sasl;
  if (auth?.credentialsFile) return saslFromCredentialsFile(auth.credentialsFile, service);
  return undefined;
}
