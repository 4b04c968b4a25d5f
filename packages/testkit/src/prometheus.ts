// Reading a Prometheus text exposition (format 0.0.4) in tests: every line must be a comment, a
// HELP or TYPE line, or a sample of a declared family — a malformed scrape fails the test. And,
// when promtool is on the PATH (Debian's `prometheus` package), its own checks.
import { spawnSync } from 'node:child_process';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  /** Family name → counter, gauge, histogram, summary or untyped. */
  types: Map<string, string>;
  help: Map<string, string>;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const sampleLine = new RegExp(`^(${NAME})(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+-?\\d+)?$`);
const labelPair = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;

function parseValue(text: string, line: string): number {
  // As Prometheus' parser (Go's ParseFloat): NaN and Inf in any case; prom-client writes "Nan".
  if (/^\+?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) throw new Error(`not a sample value: ${line}`);
  return value;
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  labelPair.lastIndex = 0;
  while (labelPair.lastIndex < text.length) {
    const at = labelPair.lastIndex;
    const m = labelPair.exec(text);
    if (!m || m.index !== at) throw new Error(`malformed labels: ${line}`);
    const [, name, raw] = m as unknown as [string, string, string];
    labels[name] = raw.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

/** The family a sample belongs to: histogram and summary samples carry a suffix. */
function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
    if (base && ['histogram', 'summary'].includes(types.get(base) ?? '')) return base;
  }
  return undefined;
}

export function parsePrometheus(text: string): Exposition {
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const meta = /^#\s+(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (!new RegExp(`^${NAME}$`).test(name)) throw new Error(`bad metric name: ${line}`);
      if (kind === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest))
          throw new Error(`unknown type: ${line}`);
        types.set(name, rest);
      } else help.set(name, rest);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = sampleLine.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const [, name, labels, value] = m as unknown as [string, string, string | undefined, string];
    if (!familyOf(name, types)) throw new Error(`sample without a TYPE line: ${line}`);
    samples.push({
      name,
      labels: labels ? parseLabels(labels, line) : {},
      value: parseValue(value, line),
    });
  }
  return { types, help, samples };
}

/** The sum of the samples named `name` whose labels include `labels`. */
export function sampleSum(
  exposition: Exposition,
  name: string,
  labels: Record<string, string> = {},
): number {
  return exposition.samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

/**
 * `promtool check metrics` on the text: its complaints, [] when none, or undefined when promtool
 * is not installed (then say so in the test's name, do not fail).
 */
export function promtoolCheckMetrics(text: string): string[] | undefined {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (run.error) return undefined;
  return `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.trim() !== '');
}

/** Whether promtool can be run. */
export function hasPromtool(): boolean {
  return !spawnSync('promtool', ['--version'], { encoding: 'utf8' }).error;
}
