import { describe, expect, it } from 'vitest';
import {
  composeBilingual,
  composeNotice,
  frenchSpacing,
  legalTexts,
} from '../src/domain/notice.ts';
import type { Entitlement } from '../src/domain/types.ts';
import { cssFree, cssWithContribution, links } from './support/fixtures.ts';

/** No-break spaces (French money) read as plain spaces, lines joined. */
const plain = (s: string) => s.replace(/\s+/g, ' ');

describe('composeNotice — CSS free', () => {
  it('explains it in plain French: condition, value, ceiling, date, gratuite', () => {
    const n = composeNotice(cssFree, 'FR', links);
    const text = plain(n.text);
    expect(n.language).toBe('FR');
    expect(n.subject).toBe(
      'Vous avez probablement droit à la Complémentaire santé solidaire (CSS)',
    );
    expect(n.sections.map((s) => s.key)).toEqual([
      'found',
      'why',
      'amount',
      'estimate',
      'claim',
      'stop',
    ]);
    expect(text).toContain(
      'En 2026, vous avez probablement droit à la Complémentaire santé solidaire',
    );
    expect(text).toContain(
      'Vos ressources annuelles (9 800 €) ne dépassent pas le plafond de la CSS gratuite : 10 339 € pour 1 personne, en vigueur depuis le 1er avril 2025.',
    );
    expect(text).toContain('La CSS serait gratuite pour vous : vous ne paieriez rien.');
    expect(text).toContain('Qui s’en occupe : l’Assurance Maladie');
    // An estimate, not a decision, with the rule and its limits in French.
    expect(text).toContain('Ce message n’est pas une décision.');
    expect(text).toContain('le 15 janvier 2026, avec la règle « css-2025.1 »');
    expect(text).toContain('Relais a utilisé votre revenu fiscal de référence');
    expect(text).toContain(
      'Sources des valeurs utilisées : arrêté publié au Journal officiel du 29 mars 2025 ; arrêté du 26 mars 2024',
    );
    // How to claim: the Relais link, then the official routes.
    expect(text).toContain(`Pour commencer votre demande, suivez ce lien : ${links.claimUrl}`);
    expect(text).toContain(
      'dans votre compte ameli, rubrique « Mes démarches » : https://www.ameli.fr',
    );
    expect(text).toContain('cerfa n° 12504');
    expect(text).toContain('https://www.service-public.fr/particuliers/vosdroits/F10027');
    // How to stop.
    expect(text).toContain(`ne plus recevoir ces messages : ${links.preferencesUrl}`);
    expect(text).toContain('retirer votre accord « Détection de droits » (proactive-eligibility)');
    expect(text).not.toMatch(/undefined|NaN|null/);
  });

  it('writes money with no-break spaces, so "10 339 €" never splits', () => {
    const n = composeNotice(cssFree, 'FR', links);
    expect(n.text).toContain('10\u00a0339\u00a0€');
    expect(n.text).toContain('9\u00a0800\u00a0€');
  });

  it('says the same in English, the English way', () => {
    const n = composeNotice(cssFree, 'EN', links);
    const text = plain(n.text);
    expect(n.subject).toBe('You are probably entitled to the Complémentaire santé solidaire (CSS)');
    expect(text).toContain(
      'Your yearly resources (€9,800) are not above the ceiling of the free CSS: €10,339 for 1 person, in force since 1 April 2025.',
    );
    expect(text).toContain('The CSS would be free for you: you would pay nothing.');
    expect(text).toContain('This message is not a decision.');
    expect(text).toContain('Relais uses the reference tax income');
    expect(text).toContain(`To start your claim, follow this link: ${links.claimUrl}`);
    expect(text).toContain(`stop these messages: ${links.preferencesUrl}`);
    expect(text).toContain('withdraw your consent “Benefit detection” (proactive-eligibility)');
    expect(text).not.toMatch(/undefined|NaN|null/);
  });
});

describe('composeNotice — CSS with a contribution', () => {
  it('says why it is not free and what it would cost, in French', () => {
    const text = plain(composeNotice(cssWithContribution, 'FR', links).text);
    expect(text).toContain(
      'Vos ressources annuelles (17 000 €) dépassent le plafond de la CSS gratuite : 15 508,50 € pour 2 personnes, en vigueur depuis le 1er avril 2025. C’est pourquoi une participation vous serait demandée.',
    );
    expect(text).toContain(
      'Vos ressources annuelles (17 000 €) ne dépassent pas le plafond de la CSS avec participation : 20 936,47 € pour 2 personnes, en vigueur depuis le 1er avril 2025.',
    );
    expect(text).toContain(
      'La participation dépend de l’âge de chaque personne du foyer au 1er janvier (âges : 34 et 36 ans). Ce barème est en vigueur depuis le 1er novembre 2019.',
    );
    expect(text).toContain('La CSS ne serait pas gratuite.');
    expect(text).toContain(
      'Vous paieriez une participation d’environ 28 € par mois pour votre foyer.',
    );
    expect(text).not.toContain('gratuite pour vous');
  });

  it('and in English', () => {
    const text = plain(composeNotice(cssWithContribution, 'EN', links).text);
    expect(text).toContain(
      'Your yearly resources (€17,000) are above the ceiling of the free CSS: €15,508.50 for 2 people, in force since 1 April 2025. This is why you would pay a contribution.',
    );
    expect(text).toContain('€20,936.47 for 2 people');
    expect(text).toContain('(ages: 34 and 36)');
    expect(text).toContain('You would pay a contribution of about €28 a month for your household.');
  });
});

describe('unknown conditions and HTML', () => {
  const odd: Entitlement = {
    ...cssFree,
    decisionId: 'dec-odd',
    conditions: [
      {
        id: 'css.some-new-condition',
        label: 'monthly income <script>alert("x")</script> & co under the ceiling',
        satisfied: true,
        observedValue: '120000',
        parameterValue: '150000',
        parameterFrom: '2025-04-01',
        unit: 'EUR-cents',
      },
      { label: 'a condition not met and unknown', satisfied: false },
    ],
    caveats: ['A brand-new caveat <b>bold</b>.', { fr: 'Une limite en français.', en: 'A limit.' }],
  };

  it('uses the English label with the values when the id is unknown', () => {
    const fr = plain(composeNotice(odd, 'FR', links).text);
    const en = plain(composeNotice(odd, 'EN', links).text);
    expect(fr).toContain(
      'Condition remplie : monthly income <script>alert("x")</script> & co under the ceiling (votre situation : 1 200 € ; valeur de référence : 1 500 €, en vigueur depuis le 1er avril 2025).',
    );
    expect(en).toContain(
      'Condition met: monthly income <script>alert("x")</script> & co under the ceiling (yours: €1,200; reference value: €1,500, in force since 1 April 2025).',
    );
    expect(en).not.toContain('a condition not met');
    // A caveat without French is summed up in French, listed as is in English.
    expect(fr).toContain('Relais a simplifié certaines règles');
    expect(fr).toContain('Une limite en français.');
    expect(en).toContain('A brand-new caveat <b>bold</b>.');
  });

  it('escapes everything in HTML and links only http(s) addresses', () => {
    const n = composeNotice(odd, 'EN', {
      preferencesUrl: 'https://relais.example.gouv.fr/p?a=1&b=2',
      claimUrl: 'javascript:alert(1)',
    });
    expect(n.html).not.toContain('<script>');
    expect(n.html).not.toContain('<b>');
    expect(n.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(n.html).toContain('A brand-new caveat &lt;b&gt;bold&lt;/b&gt;.');
    expect(n.html).toContain(
      '<a href="https://relais.example.gouv.fr/p?a=1&amp;b=2">https://relais.example.gouv.fr/p?a=1&amp;b=2</a>',
    );
    expect(n.html).toContain('javascript:alert(1)');
    expect(n.html).not.toMatch(/href="javascript/i);
    expect(n.html).toMatch(/^<article lang="en" id="notice-en">/);
    expect(n.html).toContain('<h2>Why we think you are entitled to it</h2>');
  });

  it('never lets an address break out of its attribute', () => {
    const n = composeNotice(cssFree, 'FR', {
      preferencesUrl: 'https://relais.example.gouv.fr/p?x="><img src=x onerror=alert(1)>',
    });
    expect(n.html).not.toContain('<img');
    expect(n.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps the closing punctuation out of a link', () => {
    const n = composeNotice(cssFree, 'EN', links);
    expect(n.html).toContain(
      '<a href="https://www.service-public.fr/particuliers/vosdroits/F10027">',
    );
    expect(n.html).toContain(`<a href="${links.claimUrl?.replace(/&/g, '&amp;')}">`);
  });
});

describe('composeBilingual', () => {
  it('gives the preferred language first, then the other', () => {
    const fr = composeBilingual(cssFree, 'FR', {
      ...links,
      openUrl: 'https://relais.example.gouv.fr/o/1.gif',
    });
    expect(fr.notices.map((n) => n.language)).toEqual(['FR', 'EN']);
    expect(fr.subject).toBe(fr.notices[0].subject);
    expect(fr.noticeId).toBe(cssFree.decisionId);
    expect(fr.text.startsWith('English version below.')).toBe(true);
    expect(fr.text.indexOf('Bonjour,')).toBeLessThan(fr.text.indexOf('Hello,'));
    expect(fr.html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(fr.html.indexOf('lang="fr" id="notice-fr"')).toBeLessThan(
      fr.html.indexOf('lang="en" id="notice-en"'),
    );
    // The open beacon is in the HTML only.
    expect(fr.html).toContain('<img src="https://relais.example.gouv.fr/o/1.gif" alt=""');
    expect(fr.text).not.toContain('/o/1.gif');

    const en = composeBilingual(cssFree, 'EN', links, { noticeId: 'notice-7' });
    expect(en.notices.map((n) => n.language)).toEqual(['EN', 'FR']);
    expect(en.subject).toMatch(/^You are probably entitled/);
    expect(en.text.startsWith('Version française ci-dessous.')).toBe(true);
    expect(en.noticeId).toBe('notice-7');
    expect(en.html).not.toContain('<img');
  });

  it('is pure: the same input gives the same notice', () => {
    expect(composeBilingual(cssWithContribution, 'FR', links)).toEqual(
      composeBilingual(cssWithContribution, 'FR', links),
    );
  });
});

describe('legalTexts', () => {
  it('keeps the legal texts a source names, not the parameter files or our own docs', () => {
    expect(
      legalTexts(
        'Code de la sécurité sociale, art. R861-3; openfisca-france cs/cmu/coeff_p2, majoration_dom @2019-10-01 | openfisca-france cs/cmu/plafond_base.yaml @2024-04-01 (arrêté du 26 mars 2024); docs/rules/x.md §3',
      ),
    ).toEqual(['Code de la sécurité sociale, art. R861-3', 'arrêté du 26 mars 2024']);
    expect(legalTexts(undefined)).toEqual([]);
  });
});

describe('frenchSpacing', () => {
  it('puts a no-break space before « : ; ! ? » and inside « », never inside a URL', () => {
    expect(frenchSpacing('Pour en savoir plus : https://a.fr/x?y=1 « Mes démarches » !')).toBe(
      'Pour en savoir plus\u00a0: https://a.fr/x?y=1 «\u00a0Mes démarches\u00a0»\u00a0!',
    );
  });
});
