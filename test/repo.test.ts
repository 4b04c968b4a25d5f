// The promises the repository makes to a newcomer: two commands, the pinned runtime, and an
// install that never stops on an unreviewed install script.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const read = (f: string): string => readFileSync(path.join(root, f), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
  scripts: Record<string, string>;
};

describe('repository', () => {
  it('pins Node 24 LTS and brings it as a devDependency', () => {
    expect(pkg.engines.node).toMatch(/^>=24/);
    expect(pkg.devDependencies['node']).toMatch(/^24\.\d+\.\d+$/);
    expect(pkg.allowScripts['node']).toBe(true);
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it('accepts the design system’s terms of use of the version installed (dec-024)', () => {
    expect(pkg.allowScripts['@gouvfr/dsfr']).toBe(true);
    const accepted = /^accept-license:\s*['"]?([^'"\s#]+)/m.exec(read('.dsfr.yml'))?.[1];
    const cgu = read('node_modules/@gouvfr/dsfr/doc/legal/cgu.md');
    expect(accepted).toBe(/cguVersion:\s*['"]?([^'"\s]+)/.exec(cgu)?.[1]);
  });

  it('.ci/run calls exactly the README test command', () => {
    const readme = read('README.md');
    const ci = read('.ci/run');
    const testCommand = /<!-- test-command -->\s*```sh\n(.+)\n```/.exec(readme)?.[1];
    expect(testCommand).toBe('npm test');
    expect(
      ci.split('\n').filter((l) => l.trim() === testCommand || l.includes(`${testCommand} `)),
    ).not.toHaveLength(0);
    expect(/<!-- start-command -->\s*```sh\n(.+)\n```/.exec(readme)?.[1]).toBe('npm start');
    expect(pkg.scripts['test']).toBeDefined();
    expect(pkg.scripts['start']).toBeDefined();
  });

  it('has the top-level layout of the design brief, each folder saying what lives there', () => {
    for (const dir of ['services', 'contracts', 'packages', 'infra', 'docs']) {
      expect(existsSync(path.join(root, dir, 'README.md')), `${dir}/README.md`).toBe(true);
    }
    for (const file of [
      'docker-compose.yml',
      'turbo.json',
      'tsconfig.base.json',
      'README.md',
      '.ci/run',
    ]) {
      expect(existsSync(path.join(root, file)), file).toBe(true);
    }
  });
});
