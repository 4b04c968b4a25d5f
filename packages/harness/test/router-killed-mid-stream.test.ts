// A router killed (SIGKILL) mid-stream and restarted: nothing lost, nothing twice in an inbox,
// and the access log's chains still verify.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
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

    // A trickle, not one burst: the router handles a fetched batch in one transaction, so a burst
    // of 60 reaches DGFiP all at once and there is no "mid-stream" to kill it in.
    const mairie = await relais.agencyToken('mairie-lyon');
    const dgfip = await relais.agencyToken('dgfip');
    const total = 200;
    const per = 10;
    const eventIds: string[] = [];
    const publishing = (async () => {
      for (let b = 0; b < total / per; b++) {
        const res = await relais.call(relais.gateway.url, 'POST', '/v1/events', mairie, {
          events: Array.from({ length: per }, (_, i) => ({
            contract: 'fr.gouv.residence.AddressChanged',
            subject: zoe.pseudonyms['local'],
            data: relais.facts.move(String(70000 + b * per + i)),
          })),
        });
        expect(res.status).toBe(202);
        eventIds.push(...(res.body.accepted as Array<{ id: string }>).map((a) => a.id));
        await sleep(40);
      }
    })();
    // Kill it once some of them reached DGFiP, not all.
    const delivered = async (): Promise<number> =>
      (await relais.inbox('dgfip', dgfip)).filter((e) => eventIds.includes(e['id'] as string))
        .length;
    await waitFor(
      async () => {
        const n = await delivered();
        return n >= 5 && n < total
          ? n
          : n === total
            ? Promise.reject(new Error(`all ${total} delivered before the kill`))
            : undefined;
      },
      { what: 'some of the events delivered', timeoutMs: 60_000, intervalMs: 20 },
    );
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const beforeRestart = await delivered();
    await publishing;

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
      { what: `all ${total} events at DGFiP after the restart`, timeoutMs: 60_000 },
    );
    console.log(
      `restart: ${beforeRestart} of ${total} delivered before SIGKILL, all ${total} after restart`,
    );
    expect(got.length).toBe(total);
    expect(new Set(got).size).toBe(total);
    expect(got.sort()).toEqual([...eventIds].sort());
    const audit = await auditAccessLog(testKafka(), relais.serde, relais.topics.accessLog);
    expect(audit.problems).toEqual([]);
  },
);
