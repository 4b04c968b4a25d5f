// The Kafka a Relais tool works on: KAFKA_BROKERS (its credentials from KAFKA_SASL_*), or the
// local cluster, started if needed with Relais' principals and ACLs, the tool acting as its admin.
import { adminEnv, defaultOptions, readState, up, type AccessPlan } from '@relais/local-kafka';
import { kafkaAccessPlan, loadCatalog } from '@relais/contracts';

/** Every principal and ACL of Relais on Kafka, from the topology (contracts + catalog). */
export function relaisAccessPlan(): AccessPlan {
  return kafkaAccessPlan(loadCatalog().catalog);
}

/** The bootstrap servers; on the local cluster, this process's KAFKA_SASL_* become its admin's. */
export async function toolKafka(log: (line: string) => void = console.log): Promise<string> {
  const given = process.env['KAFKA_BROKERS'];
  if (given) return given;
  const opts = defaultOptions();
  const cluster = await up(opts, log, relaisAccessPlan());
  Object.assign(process.env, adminEnv(opts.home));
  return cluster.bootstrap;
}

/**
 * The Kafka a tool reads without starting one: KAFKA_BROKERS, else the running local cluster
 * (the tool acting as its admin), else 127.0.0.1:9092.
 */
export function runningKafka(): string {
  const given = process.env['KAFKA_BROKERS'];
  if (given) return given;
  const opts = defaultOptions();
  const state = readState(opts.home);
  if (!state) return '127.0.0.1:9092';
  Object.assign(process.env, adminEnv(opts.home));
  return state.bootstrap;
}
