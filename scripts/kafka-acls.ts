// npm run kafka:acls [-- --dry-run]
//
// Makes the ACLs of every Relais principal on KAFKA_BROKERS exactly the access plan's (dec-031:
// contracts/src/access.ts, derived from the topology), acting as that cluster's admin
// (KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD_FILE). For a cluster Relais did not start: the
// docker-compose broker (its `kafka-access` step), or a managed one. SCRAM credentials are the
// cluster's business (created at format time in docker-compose, by kafka:principals locally).
import { parseArgs } from 'node:util';
import { planBindings, syncAcls } from '@relais/local-kafka';
import { createKafka, createLogger } from '@relais/kit';
import { relaisAccessPlan } from './lib/kafka.ts';

const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } } });
const brokers = process.env['KAFKA_BROKERS'];
if (!brokers) {
  console.error('KAFKA_BROKERS: expected the cluster whose ACLs to set (host:port,…)');
  process.exit(2);
}
const plan = relaisAccessPlan();
if (values['dry-run']) {
  for (const b of planBindings(plan)) console.log(JSON.stringify(b));
  process.exit(0);
}
// The kit's client, as the admin KAFKA_SASL_* names (processKafkaAuth).
const kafka = createKafka({
  brokers: brokers.split(','),
  clientId: 'relais-acls',
  logger: createLogger({ service: 'kafka-acls', level: 'warn' }),
});
const admin = kafka.admin();
await admin.connect();
try {
  const managed = new Set(plan.principals.map((p) => p.name));
  const { created, deleted } = await syncAcls(admin, plan, managed);
  console.log(`${plan.principals.length} principals: ${created} ACLs created, ${deleted} deleted`);
} finally {
  await admin.disconnect();
}
