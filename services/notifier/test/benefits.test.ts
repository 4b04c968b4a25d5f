import { describe, expect, it } from 'vitest';
import { BENEFITS } from '../src/domain/benefits.ts';
import { KNOWN_CONDITION_IDS } from '../src/domain/conditions.ts';
import { composeNotice } from '../src/domain/notice.ts';
import { BENEFITS_LIST, type Entitlement, type Language } from '../src/domain/types.ts';
import { links } from './support/fixtures.ts';

const LANGUAGES: Language[] = ['FR', 'EN'];

describe('benefits', () => {
  it('lists every benefit once', () => {
    expect(Object.keys(BENEFITS).sort()).toEqual([...BENEFITS_LIST].sort());
  });

  it.each(BENEFITS_LIST)('%s has French and English names, a payer and claim routes', (b) => {
    const info = BENEFITS[b];
    expect(info.benefit).toBe(b);
    for (const text of [info.name, info.the, info.to, info.what, info.payer]) {
      expect(text.fr.trim()).not.toBe('');
      expect(text.en.trim()).not.toBe('');
    }
    expect(info.to.fr).toMatch(/^(à la |à l’|au )/);
    expect(info.to.en).toMatch(/^to the /);
    expect(info.claim.online.fr).not.toBe(info.claim.online.en);
    expect(info.claim.paper.fr.trim()).not.toBe('');
    expect(info.claim.paper.en.trim()).not.toBe('');
    expect(info.claim.onlineUrl).toMatch(/^https:\/\//);
    expect(info.claim.infoUrl).toMatch(
      /^https:\/\/www\.service-public\.fr\/particuliers\/vosdroits\/F\d+$/,
    );
    expect(info.sources.length).toBeGreaterThan(0);
    for (const s of info.sources) expect(s).toMatch(/^https?:\/\//);
  });

  it('names the paying bodies', () => {
    expect(BENEFITS.CSS.payer.fr).toContain('Assurance Maladie');
    for (const b of ['ARS', 'RSA', 'PRIME_ACTIVITE', 'AAH'] as const) {
      expect(BENEFITS[b].payer.fr).toContain('Caf');
    }
    expect(BENEFITS.AAH.payer.fr).toContain('MDPH');
    expect(BENEFITS.CHEQUE_ENERGIE.payer.fr).toContain('État');
    expect(BENEFITS.CHEQUE_ENERGIE.payer.fr).toContain('ASP');
  });

  it('phrases the known conditions of the rules in place', () => {
    for (const id of ['css.free-ceiling', 'css.contribution-ceiling', 'css.contribution-by-age']) {
      expect(KNOWN_CONDITION_IDS).toContain(id);
    }
  });

  it.each(BENEFITS_LIST.flatMap((b) => LANGUAGES.map((l) => [b, l] as const)))(
    'composes a complete %s notice in %s',
    (benefit, language) => {
      const e: Entitlement = {
        decisionId: `dec-${benefit}`,
        benefit,
        period: benefit === 'ARS' ? '2025-2026' : '2026',
        ...(benefit === 'ARS' || benefit === 'CHEQUE_ENERGIE'
          ? { estimatedYearlyCents: 46232 }
          : { estimatedMonthlyCents: 53421 }),
        ruleVersion: `${benefit.toLowerCase()}-test`,
        determinedOn: '2026-02-01',
        conditions: [{ label: 'a condition', satisfied: true }],
        caveats: [],
      };
      const n = composeNotice(e, language, { preferencesUrl: links.preferencesUrl });
      const info = BENEFITS[benefit];
      const text = n.text.replace(/\s+/g, ' ');
      expect(n.subject).toContain(info.to[language === 'FR' ? 'fr' : 'en']);
      expect(text).toContain(info.claim.onlineUrl);
      expect(text).toContain(info.claim.infoUrl);
      expect(text).toContain(links.preferencesUrl);
      expect(text).toContain('proactive-eligibility');
      expect(text).toMatch(language === 'FR' ? /462,32 €|534,21 €/ : /€462\.32|€534\.21/);
      if (info.oneOff) expect(text).toContain(info.oneOff[language === 'FR' ? 'fr' : 'en']);
      expect(text).not.toMatch(/undefined|NaN/);
    },
  );
});
