// The access log outlives Kafka's retention (issue 17, dec-036): records removed from the topic
// (deleteRecords, as retention would) stay in the citizen's history, are proven from the signed
// checkpoints and the archive, and a consent service that lost its data directory rebuilds every
// record from the archive; tampering with an archived record or a checkpoint is named.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsent, type RunningConsent } from '@relais/consent';
import { createKafka } from '@relais/kit';
import { fileArchive } from '@relais/router/archive';
import { auditAccessLog, verifyAccessLog } from '@relais/router/audit';
import { checkCheckpoint, checkpointJwks } from '@relais/router/checkpoint-key';
import { fromHex, leafHash, verifyInclusion } from '@relais/router/merkle';
import { canonical } from '@relais/router/chain';
import { waitFor } from '@relais/testkit';
import { startRelais, type Json, type Relais } from '../src/index.ts';

let relais: Relais;
const scratch = mkdtempSync(path.join(tmpdir(), 'relais-audit-retention-'));
let rebuilt: RunningConsent | undefined;
beforeAll(async () => {
  relais = await startRelais();
});
afterAll(async () => {
  await rebuilt?.close();
  await relais?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const archiveDir = () => path.join(relais.dataDir, 'archive');

async function accessLog(url: string, token: string): Promise<Json[]> {
  const res = await relais.call(url, 'GET', '/v1/me/access-log?limit=1000', token);
  expect(res.status).toBe(200);
  return res.body.records as Json[];
}

async function verify(archive = archiveDir()) {
  return verifyAccessLog({
    kafka: createKafka({ brokers: relais.brokers, clientId: 'audit-test', logger: relais.logger }),
    serde: relais.serde,
    topic: relais.topics.accessLog,
    checkpointsTopic: relais.topics.checkpoints,
    archive: fileArchive(archive),
    jwks: checkpointJwks(relais.keysDir) ?? { keys: [] },
  });
}

describe('an access log past its retention', () => {
  it('keeps every record in the history, proven from the checkpoints and the archive, and rebuilds a lost consent data directory', async () => {
    const citizens = [
      await relais.citizen(['local', 'family', 'health', 'tax']),
      await relais.citizen(['local', 'family', 'health', 'tax']),
    ];
    const mairie = await relais.agencyToken('mairie-lyon');
    for (const c of citizens)
      for (const postcode of ['69001', '69002', '69003']) {
        const res = await relais.call(
          relais.gateway.url,
          'POST',
          '/v1/events/fr.gouv.residence.AddressChanged',
          mairie,
          { subject: c.pseudonyms['local'], data: relais.facts.move(postcode) },
        );
        expect(res.status).toBe(202);
      }
    // DGFiP receives every move by law: three records per citizen at least.
    const before = new Map<string, Json[]>();
    for (const c of citizens)
      before.set(
        c.pivot,
        await waitFor(
          async () => {
            const list = await accessLog(relais.consent.url, c.token);
            return list.length >= 3 ? list : undefined;
          },
          { what: "the citizen's access records", timeoutMs: 30_000 },
        ),
      );

    // Every record archived and covered by a signed checkpoint.
    const kafka = createKafka({
      brokers: relais.brokers,
      clientId: 'audit-test',
      logger: relais.logger,
    });
    const admin = kafka.admin();
    await admin.connect();
    // …and the log quiet: its ends unchanged since the previous look (a delivery routed late
    // appends its access record after the others were checkpointed; a CI run saw two such).
    let previousEnds = '';
    await waitFor(
      async () => {
        const v = await verify();
        const ends = JSON.stringify(
          (await admin.fetchTopicOffsets(relais.topics.accessLog)).map((o) => o.high),
        );
        const quiet = ends === previousEnds;
        previousEnds = ends;
        return quiet && v.partitions.every((p) => p.pending === 0) && v.checkpoints > 0
          ? v
          : undefined;
      },
      { what: 'every record checkpointed, the log quiet', timeoutMs: 30_000, intervalMs: 1_000 },
    );
    // The ends once every record is checkpointed: on a slow run, records may still have been
    // arriving while the test waited.
    const offsets = await admin.fetchTopicOffsets(relais.topics.accessLog);
    const total = offsets.reduce((n, o) => n + Number(o.high), 0);

    // Retention at work: Kafka no longer holds any access record.
    await admin.deleteTopicRecords({
      topic: relais.topics.accessLog,
      partitions: offsets.map((o) => ({ partition: o.partition, offset: o.high })),
    });
    const after = await admin.fetchTopicOffsets(relais.topics.accessLog);
    await admin.disconnect();
    expect(after.every((o) => o.low === o.high)).toBe(true);

    // Verified from the checkpoints and the archive alone; the console's chain check still holds.
    const verified = await verify();
    expect(verified.partitions.flatMap((p) => p.problems)).toEqual([]);
    expect(verified.partitions.reduce((n, p) => n + p.fromArchive, 0)).toBe(total);
    expect(verified.partitions.reduce((n, p) => n + p.provenUpTo, 0)).toBe(total);
    const chain = await auditAccessLog(kafka, relais.serde, relais.topics.accessLog);
    expect(chain.problems).toEqual([]);

    // The running consent service still answers the whole history.
    for (const c of citizens)
      expect(await accessLog(relais.consent.url, c.token)).toEqual(before.get(c.pivot));

    // A consent service with an empty data directory rebuilds every record from the archive.
    rebuilt = await startConsent({
      brokers: relais.brokers,
      logger: relais.logger,
      registryUrl: relais.registry.url,
      dataDir: path.join(scratch, 'consent-rebuilt'),
      archiveDir: archiveDir(),
      keysDir: relais.keysDir,
      devTokens: true,
      devTokenSecret: relais.devTokenSecret,
      host: '127.0.0.1',
      port: 0,
      catalog: relais.catalog,
      instance: 'rebuilt',
      pseudonymTopic: relais.topics.pseudonyms,
      consentsTopic: relais.topics.consents,
      accessLogTopic: relais.topics.accessLog,
      checkpointsTopic: relais.topics.checkpoints,
      groupPrefix: `rebuilt-${relais.suffix}`,
      clock: relais.clock,
    });
    for (const c of citizens) {
      const records = await waitFor(
        async () => {
          const list = await accessLog(rebuilt!.url, c.token);
          return list.length === before.get(c.pivot)?.length ? list : undefined;
        },
        { what: 'the rebuilt history', timeoutMs: 20_000 },
      );
      expect(records).toEqual(before.get(c.pivot));
      // Each record proven with the public key alone.
      const jwks = (await relais.call(rebuilt.url, 'GET', '/v1/access-log/jwks', '')).body;
      for (const r of records) {
        const proof = await waitFor(
          async () => {
            const res = await relais.call(
              rebuilt!.url,
              'GET',
              `/v1/me/access-log/${r['accessId'] as string}/proof`,
              c.token,
            );
            return res.body.inclusion ? res.body : undefined;
          },
          { what: 'an inclusion proof', timeoutMs: 10_000 },
        );
        const checked = await checkCheckpoint(proof.inclusion.checkpoint, jwks);
        expect(checked?.signature).toBe('valid');
        const leaf = leafHash(canonical(proof.link.content));
        expect(leaf.toString('hex')).toBe(proof.inclusion.leafHash);
        expect(
          verifyInclusion(
            proof.inclusion.leafIndex,
            proof.inclusion.treeSize,
            leaf,
            (proof.inclusion.auditPath as string[]).map(fromHex),
            fromHex(checked!.body.rootHash),
          ),
        ).toBe(true);
      }
    }
  }, 120_000);

  it('names an archived record edited or removed and a checkpoint forged', async () => {
    const partition = fileArchive(archiveDir())
      .partitions(relais.topics.accessLog)
      .find((p) => fileArchive(archiveDir()).end(relais.topics.accessLog, p) >= 3);
    expect(partition).toBeDefined();
    const copy = (name: string) => {
      const dir = path.join(scratch, name);
      cpSync(archiveDir(), dir, { recursive: true });
      const pdir = path.join(dir, relais.topics.accessLog, `p${partition}`);
      return {
        dir,
        records: path.join(pdir, 'records-000000000000.jsonl'),
        checkpoints: path.join(pdir, 'checkpoints.jsonl'),
      };
    };
    const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n');
    const problems = async (dir: string) =>
      (await verify(dir)).partitions.flatMap((p) => p.problems.map((x) => `${x.kind} ${x.at}`));
    const at = (offset: number) => `${relais.topics.accessLog}/${partition}@${offset}`;

    // Record 1's contract name edited in its Avro bytes (fr.gouv… → fr.houv…): whichever contract
    // record 1 is about (the pivots are random, so is which partition holds which record).
    const edited = copy('edited');
    const rs = lines(edited.records);
    const line = JSON.parse(rs[1]!) as { v: string };
    const bytes = Buffer.from(line.v, 'base64');
    const i = bytes.indexOf('fr.gouv.');
    expect(i).toBeGreaterThan(0);
    bytes[i + 3] = 'h'.charCodeAt(0);
    rs[1] = JSON.stringify({ ...line, v: bytes.toString('base64') });
    writeFileSync(edited.records, `${rs.join('\n')}\n`);
    const found = await problems(edited.dir);
    expect(found).toContain(`edited ${at(1)}`);
    expect(found.some((x) => x.startsWith('checkpoint-mismatch'))).toBe(true);

    // Record 1 removed.
    const removed = copy('removed');
    writeFileSync(
      removed.records,
      `${lines(removed.records)
        .filter((_, i) => i !== 1)
        .join('\n')}\n`,
    );
    expect(await problems(removed.dir)).toContain(`removed ${at(1)}`);

    // A checkpoint whose body was changed after signing (it claims one record less).
    const forged = copy('forged');
    const cps = lines(forged.checkpoints);
    const jws = (JSON.parse(cps[0]!) as { jws: string }).jws;
    const [h, p, s] = jws.split('.');
    const body = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')) as { treeSize: number };
    const forgedJws = [
      h,
      Buffer.from(JSON.stringify({ ...body, treeSize: body.treeSize + 1 })).toString('base64url'),
      s,
    ].join('.');
    writeFileSync(
      forged.checkpoints,
      `${[...cps, JSON.stringify({ jws: forgedJws })].join('\n')}\n`,
    );
    expect((await problems(forged.dir)).some((x) => x.startsWith('checkpoint-signature'))).toBe(
      true,
    );
  }, 60_000);
});
