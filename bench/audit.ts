// npm run bench:audit [-- --records 1000000 --partitions 4 --every 1000]
//
// The access log's archive and its verification (dec-036), in-process, no Kafka: generates
// `records` access records (one per delivery, as the router writes them: chained, Avro in the
// Confluent wire format), spread over `partitions`, archives them as the router does (one JSON line
// per record in local files, a signed checkpoint every `every` records), and reports:
// - the archive's size per million deliveries (plain, and gzip-compressed as an object store
//   could keep it);
// - the time to verify them: read back from the archive, Avro-decoded, the chain and the Merkle
//   tree recomputed, every checkpoint's signature and tree head checked (verifyPartition, what
//   `npm run audit:verify` runs); and the domain verification alone.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { codecOf } from '@relais/contracts/generated';
import type { AccessRecorded } from '@relais/contracts/generated';
import { fileArchive } from '@relais/router/archive';
import { chainHash, type ChainedRecord } from '@relais/router/chain';
import { appendRecord, checkpointBody, type TreeState } from '@relais/router/checkpoint';
import { checkCheckpoint, checkpointSigner } from '@relais/router/checkpoint-key';
import { emptyFrontier } from '@relais/router/merkle';
import { verifyPartition, type CheckedCheckpoint, type LogRecord } from '@relais/router/verify-log';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    partitions: { type: 'string', default: '4' },
    every: { type: 'string', default: '1000' },
  },
});
const total = Number(values.records);
const partitions = Number(values.partitions);
const every = Number(values.every);
const dir = mkdtempSync(path.join(tmpdir(), 'relais-bench-audit-'));
const archive = fileArchive(path.join(dir, 'archive'));
const signer = await checkpointSigner(path.join(dir, 'keys'));
const codec = codecOf('fr.gouv.relais.AccessRecorded');
const SCHEMA_ID = 42;
const topic = 'relais.access-log';
const agencies = ['caf', 'cpam', 'dgfip', 'france-travail', 'mairie-lyon'];
const t0 = Date.UTC(2030, 0, 1);

/** Confluent wire format: magic byte 0, schema id (big-endian), Avro body. */
function wire(value: AccessRecorded): Buffer {
  const body = codec.toBuffer(value);
  const out = Buffer.alloc(5 + body.length);
  out.writeInt32BE(SCHEMA_ID, 1);
  body.copy(out, 5);
  return out;
}

const perPartition = Math.ceil(total / partitions);
let written = 0;
const started = performance.now();
for (let p = 0; p < partitions; p += 1) {
  let previous: string | null = null;
  let tree: TreeState = { frontier: emptyFrontier(), chainHead: null };
  let batch = [];
  const n = Math.min(perPartition, total - written);
  for (let i = 0; i < n; i += 1) {
    const eventId = randomUUID();
    const recipient = agencies[i % agencies.length] as string;
    const record: AccessRecorded = {
      accessId: createHash('sha256').update(`${eventId}${recipient}`).digest('hex').slice(0, 32),
      eventId,
      recipient,
      contract: 'fr.gouv.residence.AddressChanged',
      fields: ['effectiveDate', 'postalCode', 'city', 'cityCode', 'street', 'additionalLine'],
      legalBasis: i % 3 === 0 ? 'LEGAL_OBLIGATION' : 'CONSENT',
      consentId: i % 3 === 0 ? null : randomUUID(),
      purpose: 'address-update',
      recordedAt: new Date(t0 + i),
      traceId: createHash('md5').update(eventId).digest('hex'),
      previousHash: previous,
      hash: null,
    };
    record.hash = chainHash(record as unknown as ChainedRecord);
    previous = record.hash;
    tree = appendRecord(tree, record as unknown as Record<string, unknown>);
    batch.push({ offset: i, timestamp: t0 + i, key: randomUUID(), value: wire(record) });
    if ((i + 1) % every === 0 || i === n - 1) {
      archive.appendRecords(topic, p, batch);
      batch = [];
      const body = checkpointBody({
        log: topic,
        partition: p,
        ...tree,
        issuedAt: new Date(t0 + i),
      });
      archive.appendCheckpoint(topic, p, await signer.sign(body));
    }
  }
  written += n;
}
const writeSeconds = (performance.now() - started) / 1000;

// Sizes: records' files and checkpoints' files, plain and gzip.
let recordBytes = 0;
let checkpointBytes = 0;
let gzipBytes = 0;
for (let p = 0; p < partitions; p += 1) {
  const pdir = path.join(dir, 'archive', topic, `p${p}`);
  for (const f of readdirSync(pdir)) {
    const file = path.join(pdir, f);
    const size = statSync(file).size;
    if (f.startsWith('records-')) recordBytes += size;
    else checkpointBytes += size;
    gzipBytes += gzipSync(readFileSync(file)).length;
  }
}

// Verification: from the archive's bytes, as audit:verify does (less Kafka and the registry).
const jwks = { keys: [signer.publicJwk] };
let verifySeconds = 0;
let domainSeconds = 0;
const cpuBefore = process.cpuUsage();
let problems = 0;
let proven = 0;
for (let p = 0; p < partitions; p += 1) {
  const start = performance.now();
  const checkpoints: CheckedCheckpoint[] = [];
  for (const jws of archive.checkpoints(topic, p)) {
    const c = await checkCheckpoint(jws, jwks);
    if (c) checkpoints.push(c);
  }
  const records: LogRecord[] = [];
  for (const r of archive.records(topic, p))
    records.push({
      offset: r.offset,
      record: codec.fromBuffer(r.value.subarray(5)) as unknown as Record<string, unknown>,
      source: 'archive',
    });
  const domainStart = performance.now();
  const v = verifyPartition({ topic, partition: p, records, checkpoints });
  const end = performance.now();
  verifySeconds += (end - start) / 1000;
  domainSeconds += (end - domainStart) / 1000;
  problems += v.problems.length;
  proven += v.provenUpTo;
}
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
rmSync(dir, { recursive: true, force: true });

const perMillion = (bytes: number) => ((bytes / total) * 1_000_000) / 1024 ** 2;
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
console.log(
  `${total} access records on ${partitions} partitions, a checkpoint every ${every} records`,
);
console.log(`written and checkpointed in ${writeSeconds.toFixed(1)} s`);
console.log(
  `archive: records ${mib(recordBytes)} (${(recordBytes / total).toFixed(0)} B/record), checkpoints ${mib(checkpointBytes)}, gzip ${mib(gzipBytes)}`,
);
console.log(
  `per million deliveries: ${perMillion(recordBytes + checkpointBytes).toFixed(0)} MiB plain, ${perMillion(gzipBytes).toFixed(0)} MiB gzip`,
);
console.log(
  `verified ${proven} records in ${verifySeconds.toFixed(1)} s from the archive (read, Avro-decoded, signatures, chain, tree): ${Math.round(proven / verifySeconds)} records/s; the domain verification alone ${domainSeconds.toFixed(1)} s; CPU time of the whole verification ${cpuSeconds.toFixed(1)} s (one core: the machine is shared, wall time includes waiting)`,
);
console.log(problems ? `${problems} problem(s)!` : 'no problem found');
process.exitCode = problems ? 1 : 0;
