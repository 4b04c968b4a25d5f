// node bench/lib/cpuprofile-top.ts <file.cpuprofile> [--top 25] [--areas]
//
// The functions with the most self time in a V8 CPU profile (`node --cpu-prof`), and the total
// (self + callees) of each: enough to see where a benchmark's time goes without a browser.
// --areas: self time summed per area instead (a dependency, a workspace's file, Node's module),
// as a share of the busy time (idle left out): where a CPU-bound process spends its work.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, areas: { type: 'boolean', default: false } },
});
const file = positionals[0];
if (!file) throw new Error('usage: cpuprofile-top.ts <file.cpuprofile> [--top 25]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const where = (f: CallFrame) => {
  const short = f.url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/(services|packages|bench|node_modules)\//, '$1/');
  return `${f.functionName || '(anonymous)'} ${short ? `${short}:${f.lineNumber + 1}` : ''}`.trim();
};

// Sample time per node (µs), then per function: self, and total counted once per sample.
const selfUs = new Map<string, number>();
const totalUs = new Map<string, number>();
let all = 0;
for (const [i, id] of profile.samples.entries()) {
  const dt = profile.timeDeltas[i] ?? 0;
  all += dt;
  const node = byId.get(id);
  if (!node) continue;
  const key = where(node.callFrame);
  selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
  const seen = new Set<string>();
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const k = where((byId.get(n) as ProfileNode).callFrame);
    if (seen.has(k)) continue;
    seen.add(k);
    totalUs.set(k, (totalUs.get(k) ?? 0) + dt);
  }
}

/** A frame's area: node_modules/<pkg>, <workspace>/<file>, node:<module>, or V8's own entries. */
const areaOf = (f: CallFrame): string => {
  const url = f.url.replace(/^file:\/\//, '');
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dep) return `dependency ${dep[1]}`;
  const own = /\/((?:services|packages|bench)\/[^/]+)\/(?:dist|src)?\/?(.*)$/.exec(url);
  if (own) return `${own[1]} ${own[2]}`;
  const internal = /^node:(?:internal\/)?([^/]+(?:\/[^/]+)?)/.exec(url);
  if (internal) return `node:${internal[1]}`;
  return f.functionName.startsWith('(') ? f.functionName : `native ${f.functionName}`;
};

if (values.areas) {
  const byArea = new Map<string, number>();
  let busy = 0;
  for (const [i, id] of profile.samples.entries()) {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') continue;
    busy += dt;
    const area = areaOf(node.callFrame);
    byArea.set(area, (byArea.get(area) ?? 0) + dt);
  }
  console.log(`${(busy / 1e6).toFixed(2)} s busy of ${(all / 1e6).toFixed(2)} s; self per area`);
  for (const [area, us] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
    console.log(`${((100 * us) / busy).toFixed(1).padStart(5)} % | ${area}`);
  process.exit(0);
}

const pct = (us: number) => `${((100 * us) / all).toFixed(1).padStart(5)} %`;
console.log(`${(all / 1e6).toFixed(2)} s sampled; self | total | function`);
for (const [key, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
  console.log(`${pct(us)} | ${pct(totalUs.get(key) ?? 0)} | ${key}`);
