// npm run audit:verify [-- --topic relais.access-log --registry http://127.0.0.1:8081]
// Verifies the access log's hash chains; names every edited, removed, inserted or reordered
// record; exits 1 when one is found.
import { parseArgs } from 'node:util';
import { topics } from '@relais/contracts';
import { AvroSerde, createKafka, createLogger } from '@relais/kit';
import { auditAccessLog } from '@relais/router/audit';
import { runningKafka } from './lib/kafka.ts';

const { values } = parseArgs({
  options: {
    topic: { type: 'string', default: topics.accessLog.name },
    registry: {
      type: 'string',
      default: process.env['SCHEMA_REGISTRY_URL'] ?? 'http://127.0.0.1:8081',
    },
  },
});
const brokers = runningKafka().split(',');
const kafka = createKafka({
  brokers,
  clientId: 'relais-audit',
  logger: createLogger({ service: 'audit', level: 'warn' }),
});
const report = await auditAccessLog(kafka, new AvroSerde(values.registry), values.topic);
for (const p of report.partitions)
  console.log(
    `${report.topic}/${p.partition}: ${p.records} record(s), head ${p.head?.slice(0, 16) ?? '-'}`,
  );
for (const problem of report.problems) console.error(`✗ ${problem.kind}: ${problem.message}`);
console.log(
  report.problems.length
    ? `${report.problems.length} problem(s): the access log was tampered with`
    : 'access log verified: every chain intact',
);
process.exitCode = report.problems.length ? 1 : 0;
