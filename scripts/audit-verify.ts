// npm run audit:verify [-- --topic relais.access-log --checkpoints relais.access-log.checkpoints
//   --archive .relais/archive --jwks <file or URL> --registry http://127.0.0.1:8081]
// Verifies the access log from its signed checkpoints (dec-036): every record, from the archive
// for what Kafka no longer keeps and from Kafka for the rest, must be in the tree each checkpoint
// signed and in its partition's hash chain. Names every edited, removed, inserted or reordered
// record and every checkpoint that does not verify with Relais' public key; exits 1 when one is
// found. The public key: the keys folder's access-log-checkpoint.public.jwk.json, or a JWKS URL
// (the consent service's GET /v1/access-log/jwks).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { JWK } from 'jose';
import { topics } from '@relais/contracts';
import { AvroSerde, createKafka, createLogger } from '@relais/kit';
import { fileArchive } from '@relais/router/archive';
import { verifyAccessLog } from '@relais/router/audit';
import { CHECKPOINT_PUBLIC_KEY_FILE } from '@relais/router/checkpoint-key';
import { runningKafka } from './lib/kafka.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    topic: { type: 'string', default: topics.accessLog.name },
    checkpoints: { type: 'string', default: topics.accessLogCheckpoints.name },
    archive: {
      type: 'string',
      default: process.env['ROUTER_ARCHIVE_DIR'] ?? path.join(repo, '.relais', 'archive'),
    },
    jwks: {
      type: 'string',
      default: path.join(repo, 'infra', 'agencies', '.keys', CHECKPOINT_PUBLIC_KEY_FILE),
    },
    registry: {
      type: 'string',
      default: process.env['SCHEMA_REGISTRY_URL'] ?? 'http://127.0.0.1:8081',
    },
  },
});

async function publicKeys(source: string): Promise<{ keys: JWK[] }> {
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source);
    if (!res.ok) throw new Error(`${source}: ${res.status}`);
    return (await res.json()) as { keys: JWK[] };
  }
  const json = JSON.parse(readFileSync(source, 'utf8')) as JWK | { keys: JWK[] };
  return 'keys' in json ? json : { keys: [json] };
}

const brokers = runningKafka().split(',');
const kafka = createKafka({
  brokers,
  clientId: 'relais-audit',
  logger: createLogger({ service: 'audit', level: 'warn' }),
});
const started = performance.now();
const report = await verifyAccessLog({
  kafka,
  serde: new AvroSerde(values.registry),
  topic: values.topic,
  checkpointsTopic: values.checkpoints,
  archive: existsSync(values.archive) ? fileArchive(values.archive) : undefined,
  jwks: await publicKeys(values.jwks),
});
let problems = 0;
for (const p of report.partitions) {
  console.log(
    `${report.topic}/${p.partition}: ${p.records} record(s) (${p.fromArchive} from the archive), ` +
      `${p.checkpoints} checkpoint(s) verified, proven up to ${p.provenUpTo}` +
      (p.pending ? `, ${p.pending} awaiting the next checkpoint` : ''),
  );
  for (const problem of p.problems) console.error(`✗ ${problem.kind}: ${problem.message}`);
  problems += p.problems.length;
}
console.log(
  problems
    ? `${problems} problem(s): the access log was tampered with`
    : `access log verified from ${report.checkpoints} signed checkpoint(s) in ${Math.round(performance.now() - started)} ms: every record intact`,
);
process.exitCode = problems ? 1 : 0;
