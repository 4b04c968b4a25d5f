// npm run assistant:eval (from the root) — prints the evaluation's figures; exits 1 below the goals of issue 16.
import { HELD_OUT } from '../src/eval/heldout.ts';
import { runEval } from '../src/eval/run.ts';

const r = await runEval();
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
console.log(`Relais assistant — evaluation of ${r.total} questions (FR and EN)\n`);
console.log('intent                 correct / total');
for (const row of r.perIntent)
  console.log(
    `${row.intent.padEnd(22)} ${String(row.correct).padStart(3)} / ${String(row.total).padEnd(3)} ${pct(row.correct / row.total)}`,
  );
console.log(
  `\ncorrect answers            ${r.correct} / ${r.total} = ${pct(r.accuracy)} (goal ≥ 90 %)`,
);
console.log(`another citizen's data     ${r.otherCitizenData} (goal 0)`);
console.log(`invented facts             ${r.inventedFacts} (goal 0)`);
console.log(`not deterministic          ${r.nonDeterministic} (goal 0)`);
console.log(
  `answer time                p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms (goal p99 ≤ 100 ms)`,
);
if (r.misses.length) {
  console.log('\nmisses:');
  for (const m of r.misses)
    console.log(
      `  [${m.who}] « ${m.q} » expected ${m.expected}, got ${m.got}${m.missing.length ? `; missing ${JSON.stringify(m.missing)}` : ''}${m.unwanted.length ? `; unwanted ${JSON.stringify(m.unwanted)}` : ''}`,
    );
}
const h = await runEval(HELD_OUT);
console.log(
  `\nheld-out set: ${h.correct} / ${h.total} = ${pct(h.accuracy)}; another citizen's data ${h.otherCitizenData}, invented ${h.inventedFacts}`,
);
for (const m of h.misses)
  console.log(
    `  [${m.who}] « ${m.q} » expected ${m.expected}, got ${m.got}${m.missing.length ? `; missing ${JSON.stringify(m.missing)}` : ''}`,
  );
const ok =
  r.accuracy >= 0.9 &&
  r.otherCitizenData === 0 &&
  r.inventedFacts === 0 &&
  r.nonDeterministic === 0 &&
  r.p99Ms <= 100;
process.exitCode = ok ? 0 : 1;
