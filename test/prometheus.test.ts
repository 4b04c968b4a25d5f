// infra/prometheus cannot drift from the code: every alerting rule is complete and has a runbook
// section in docs/operations.md, every relais_* metric its expressions use is in the kit's list of
// metrics (which each service's tests check it exposes), every metric of that list is in the
// operations guide, and the scrape config reads every `npm start` port. With promtool on the PATH
// (Debian's `prometheus` package), the rules, their unit tests and the config are checked by it too.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { metricDefinitions } from '@relais/kit';

const root = path.resolve(import.meta.dirname, '..');
const dir = path.join(root, 'infra', 'prometheus');
const read = (file: string): string => readFileSync(path.join(dir, file), 'utf8');

interface Rule {
  alert?: string;
  record?: string;
  expr?: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const rules = (parse(read('alerts.yml')) as { groups: Array<{ name: string; rules: Rule[] }> })
  .groups;
const all = rules.flatMap((g) => g.rules);
const operations = readFileSync(path.join(root, 'docs', 'operations.md'), 'utf8');
const declared = new Map(metricDefinitions().map((d) => [d.name, d]));

/** GitHub's anchor of a Markdown heading. */
const anchor = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
const anchors = new Set(
  operations
    .split('\n')
    .filter((l) => /^#{1,6}\s/.test(l))
    .map((l) => anchor(l.replace(/^#+\s/, ''))),
);

/** relais_* names in an expression, histogram series mapped to their metric. */
function metricsIn(expr: string): string[] {
  const names = expr.match(/\brelais_[a-z0-9_]+/g) ?? [];
  return [
    ...new Set(
      names.map((n) => {
        const base = n.replace(/_(bucket|count|sum)$/, '');
        return declared.get(base)?.type === 'histogram' ? base : n;
      }),
    ),
  ];
}

const hasPromtool = !spawnSync('promtool', ['--version']).error;
const promtool = (...args: string[]) => {
  const run = spawnSync('promtool', args, { encoding: 'utf8', cwd: root });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
};

describe('infra/prometheus/alerts.yml', () => {
  it('gives every alert an expression, a duration, a severity, a summary and a runbook in docs/operations.md', () => {
    expect(all.length).toBeGreaterThanOrEqual(10);
    const names = all.map((r) => r.alert);
    expect(new Set(names).size).toBe(all.length);
    for (const rule of all) {
      const what = rule.alert ?? '(a rule without an alert name)';
      expect(rule.alert, what).toMatch(/^Relais[A-Z][A-Za-z]+$/);
      expect(rule.expr?.trim(), what).toBeTruthy();
      expect(rule.for, what).toMatch(/^\d+[smh]$/);
      expect(['critical', 'warning', 'info'], what).toContain(rule.labels?.['severity']);
      expect(rule.annotations?.['summary'], what).toBeTruthy();
      const runbook = rule.annotations?.['runbook_url'] ?? '';
      expect(runbook, what).toBe(`docs/operations.md#${anchor(rule.alert ?? '')}`);
      expect(
        anchors.has(anchor(rule.alert ?? '')),
        `${what}: a section in docs/operations.md`,
      ).toBe(true);
    }
  });

  it('covers what an operator must hear of', () => {
    const exprs = all.map((r) => r.expr ?? '').join('\n');
    for (const needed of [
      'up{',
      'relais_consumer_lag_records',
      'relais_consumer_dead_letters_total',
      'relais_gateway_webhook_failures_total',
      'relais_gateway_webhook_dead_lettered_total',
      'relais_audit_chain_ok',
      'status_code=~"5.."',
      'histogram_quantile(0.99',
    ])
      expect(exprs).toContain(needed);
  });

  it('uses only metrics the kit declares (and each service test checks it exposes)', () => {
    const used = all.flatMap((r) => metricsIn(r.expr ?? ''));
    expect(used.length).toBeGreaterThan(5);
    const unknown = used.filter((name) => !declared.has(name));
    expect(unknown).toEqual([]);
    // A histogram is read through its series (_bucket, _count, _sum), never by its bare name.
    const raw = all.flatMap((r) => r.expr?.match(/\brelais_[a-z0-9_]+/g) ?? []);
    const bare = raw.filter((n) => declared.get(n)?.type === 'histogram');
    expect(bare).toEqual([]);
  });

  it.runIf(hasPromtool)('passes `promtool check rules` and its unit tests', () => {
    const check = promtool('check', 'rules', 'infra/prometheus/alerts.yml');
    expect(check.output).toContain('SUCCESS');
    expect(check.ok).toBe(true);
    const unit = promtool('test', 'rules', 'infra/prometheus/alerts.test.yml');
    expect(unit.output).toContain('SUCCESS');
    expect(unit.ok).toBe(true);
  });
});

describe('infra/prometheus/prometheus.yml', () => {
  const config = parse(read('prometheus.yml')) as {
    rule_files: string[];
    scrape_configs: Array<{
      job_name: string;
      metrics_path: string;
      authorization?: { type: string; credentials_file: string };
      static_configs: Array<{ targets: string[] }>;
    }>;
  };
  const ports: Record<string, number> = {
    registry: 8081,
    gateway: 8080,
    consent: 8082,
    router: 8083,
    eligibility: 8084,
    notifier: 8085,
    portal: 8086,
    console: 8087,
  };

  it('scrapes every service of `npm start` at /metrics/prometheus with the scrape token, and loads the rules', () => {
    expect(config.rule_files).toEqual(['alerts.yml']);
    const jobs = new Map(config.scrape_configs.map((c) => [c.job_name, c]));
    expect([...jobs.keys()].sort()).toEqual(
      Object.keys(ports)
        .map((s) => `relais-${s}`)
        .sort(),
    );
    for (const [service, port] of Object.entries(ports)) {
      const job = jobs.get(`relais-${service}`);
      expect(job?.metrics_path).toBe('/metrics/prometheus');
      expect(job?.static_configs.flatMap((s) => s.targets)).toEqual([`127.0.0.1:${port}`]);
      expect(job?.authorization?.type).toBe('Bearer');
      // The dev keys' scrape token, relative to the config file.
      expect(path.resolve(dir, job?.authorization?.credentials_file ?? '')).toBe(
        path.join(root, 'infra', 'agencies', '.keys', 'metrics.token'),
      );
    }
  });

  it.runIf(hasPromtool)('passes `promtool check config`, token file and rules included', () => {
    // A copy beside a token file of its own: the real one exists only once `npm start` ran.
    const copy = mkdtempSync(path.join(tmpdir(), 'relais-prometheus-'));
    try {
      mkdirSync(path.join(copy, 'prometheus'));
      mkdirSync(path.join(copy, 'agencies', '.keys'), { recursive: true });
      writeFileSync(path.join(copy, 'agencies', '.keys', 'metrics.token'), 'token\n');
      for (const file of ['prometheus.yml', 'alerts.yml'])
        copyFileSync(path.join(dir, file), path.join(copy, 'prometheus', file));
      const check = promtool('check', 'config', path.join(copy, 'prometheus', 'prometheus.yml'));
      expect(check.output).toContain('SUCCESS');
      expect(check.ok).toBe(true);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('docs/operations.md', () => {
  it('lists every metric of the kit, so the table cannot fall behind the code', () => {
    const missing = [...declared.keys()].filter((name) => !operations.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
