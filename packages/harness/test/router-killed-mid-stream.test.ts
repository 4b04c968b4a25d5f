// A router killed (SIGKILL) mid-stream and restarted: nothing lost, nothing twice in an inbox,
// and the access log's chains still verify.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { auditAccessLog } from '@relais/router/audit';
import { testKafka, waitFor } from '@relais/testkit';
import { startRelais, type Relais } from '../src/index.ts';

let relais: Relais;
beforeAll(async () => {
  relais = await startRelais();
});
afterAll(() => relais?.close());

it(
  'loses nothing and duplicates nothing when the router is killed and restarted',
  { timeout: 120_000 },
  async () => {
    const zoe = await relais.citizen(['local', 'tax']);
    await relais.router.stop();
    // A router killed before its first commit must not skip what it had not finished: the group
    // resumes from its last commit (startRelais committed the events topics' end for it when it
    // started) and, on a partition without one, from the beginning — never from "now".
    const {
      logger: _l,
      catalog: _c,
      clock: _k,
      ...options
    } = relais.router.options({
      fromBeginning: true,
    });
    const child = spawn(
      process.execPath,
      [path.join(import.meta.dirname, 'fixtures', 'router-child.ts')],
      {
        env: {
          ...process.env,
          RELAIS_TEST_ROUTER: JSON.stringify({ ...options, catalogFile: relais.catalogFile }),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    // Not left behind by a test failing before the kill.
    onTestFinished(() => void child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out.includes('ready'), { what: 'the router process', timeoutMs: 30_000 });

    const mairie = await relais.agencyToken('mairie-lyon');
    const res = await relais.call(relais.gateway.url, 'POST', '/v1/events', mairie, {
      events: Array.from({ length: 60 }, (_, i) => ({
        contract: 'fr.gouv.residence.AddressChanged',
        subject: zoe.pseudonyms['local'],
        data: relais.facts.move(String(70000 + i)),
      })),
    });
    expect(res.status).toBe(202);
    const eventIds = (res.body.accepted as Array<{ id: string }>).map((a) => a.id);
    const dgfip = await relais.agencyToken('dgfip');
    // Kill it once some of these 60 reached DGFiP, not all.
    await waitFor(
      async () => {
        const n = (await relais.inbox('dgfip', dgfip)).filter((e) =>
          eventIds.includes(e['id'] as string),
        ).length;
        return n >= 5 && n < 60
          ? n
          : n === 60
            ? Promise.reject(new Error('all 60 delivered before the kill'))
            : undefined;
      },
      { what: 'some of the 60 delivered', timeoutMs: 60_000, intervalMs: 20 },
    );
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const beforeRestart = (await relais.inbox('dgfip', dgfip)).filter((e) =>
      eventIds.includes(e['id'] as string),
    ).length;

    await relais.router.start({ fromBeginning: true });
    const got = await waitFor(
      async () => {
        const inbox = (await relais.inbox('dgfip', dgfip))
          .map((e) => e['id'] as string)
          .filter((id) => eventIds.includes(id));
        if (process.env['DEBUG_RESTART'])
          process.stderr.write(
            `DBG ${inbox.length} ${JSON.stringify(relais.router.service.stats)}\n`,
          );
        return inbox.length >= eventIds.length ? inbox : undefined;
      },
      { what: 'all 60 events at DGFiP after the restart', timeoutMs: 60_000 },
    );
    console.log(`restart: ${beforeRestart} of 60 delivered before SIGKILL, all 60 after restart`);
    expect(got.length).toBe(60);
    expect(new Set(got).size).toBe(60);
    expect(got.sort()).toEqual([...eventIds].sort());
    const audit = await auditAccessLog(testKafka(), relais.serde, relais.topics.accessLog);
    expect(audit.problems).toEqual([]);
  },
);
