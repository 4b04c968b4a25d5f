// At start-up the leader registers every contract of contracts/, at the contract's level.
import { afterAll, expect, it } from 'vitest';
import { canonicalJson, loadCatalog, loadPublished } from '@relais/contracts';
import { call, registryFactory } from './support.ts';

const factory = registryFactory('publish');
afterAll(() => factory.closeAll());

it(
  'registers the whole catalog, idempotently, and shows it in /catalog',
  { timeout: 60_000 },
  async () => {
    const { catalog } = loadCatalog();
    const r = await factory.start({ catalog, publish: true });
    expect(r.published).toMatchObject({ subjects: catalog.contracts.length, failed: [] });
    // Every published version in order, then the current file when it differs from the last.
    const versions = catalog.contracts.reduce(
      (n, c) =>
        n +
        new Set([
          ...loadPublished(c.fullName).map((p) => canonicalJson(p.schema)),
          canonicalJson(c.schema),
        ]).size,
      0,
    );
    expect(r.published?.registered).toBe(versions);
    const subjects = (await call(r, 'GET', '/subjects')).body as string[];
    expect(subjects.sort()).toEqual(catalog.contracts.map((c) => c.fullName).sort());
    expect((await call(r, 'GET', '/config/fr.gouv.residence.AddressChanged')).body).toEqual({
      compatibilityLevel: 'FULL_TRANSITIVE',
    });
    await r.close();

    // A restart publishes nothing new: every contract is already there, with the same ids.
    const again = await factory.start({ catalog, publish: true });
    expect(again.published).toMatchObject({ registered: 0, failed: [] });
    const body = (await call(again, 'GET', '/catalog')).body as {
      contracts: Array<{ fullName: string; registered: { id: number } | null }>;
    };
    expect(body.contracts.every((c) => c.registered !== null)).toBe(true);
    const guide = await again.app.inject('/guide');
    expect(guide.headers['content-type']).toContain('text/markdown');
    expect(guide.body).toMatch(/^# /);
    const page = (await again.app.inject('/contracts/fr.gouv.residence.AddressChanged')).body;
    expect(page).toContain('href="/guide"');
  },
);
