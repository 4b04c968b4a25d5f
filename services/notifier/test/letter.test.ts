// The letter as a PDF, opened with pdfjs-dist (legacy build: the one meant for Node).
import { beforeAll, describe, expect, it } from 'vitest';
import { pagesText } from '@relais/testkit/pdf';
import { renderLetter, toWinAnsi } from '../src/channels/letter.ts';
import { composeBilingual } from '../src/domain/notice.ts';
import { cssFree, cssWithContribution, links } from './support/fixtures.ts';

const recipient = {
  name: 'Amélie Lefèvre-Dupré',
  addressLines: ['12 rue de l’Église', 'Bâtiment B', '75011 Paris'],
};
const meta = { reference: 'N-2026-000042', date: '2026-01-16' };

describe('renderLetter', () => {
  let pdf: Buffer;
  let pages: string[];

  beforeAll(async () => {
    // English preferred: the letter still prints the French notice first.
    pdf = await renderLetter(composeBilingual(cssWithContribution, 'EN', links), recipient, meta);
    pages = await pagesText(pdf);
  });

  it('is a PDF of at least two pages', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pages.length).toBeGreaterThanOrEqual(2);
  });

  it('prints the sender, the recipient with accents, the date and the reference', () => {
    const first = pages[0] ?? '';
    expect(first).toContain('Relais — service public');
    expect(first).toContain('Amélie Lefèvre-Dupré');
    expect(first).toContain('12 rue de l’Église');
    expect(first).toContain('75011 Paris');
    expect(first).toContain('Le 16 janvier 2026');
    expect(first).toContain('Référence : N-2026-000042');
  });

  it('prints the French notice with its accents and € amounts, then the English version', () => {
    const all = pages.join(' ');
    const fr = all.indexOf(
      'Objet : Vous avez probablement droit à la Complémentaire santé solidaire',
    );
    const en = all.indexOf('English version');
    expect(fr).toBeGreaterThanOrEqual(0);
    expect(en).toBeGreaterThan(fr);
    expect(all).toContain(
      'Vos ressources annuelles (17 000 €) dépassent le plafond de la CSS gratuite : 15 508,50 € pour 2 personnes, en vigueur depuis le 1er avril 2025.',
    );
    expect(all).toContain(
      'Vous paieriez une participation d’environ 28 € par mois pour votre foyer.',
    );
    expect(all).toContain('retirer votre accord « Détection de droits » (proactive-eligibility)');
    expect(all).toContain('You would pay a contribution of about €28 a month for your household.');
    expect(all).toContain(
      'Subject: You are probably entitled to the Complémentaire santé solidaire (CSS)',
    );
    // The English version starts on a page of its own.
    const enPage = pages.findIndex((p) => p.includes('English version'));
    expect(enPage).toBeGreaterThan(0);
    expect(pages[enPage]?.startsWith('English version')).toBe(true);
    expect(pages.at(-1)).toContain(`page ${pages.length} / ${pages.length}`);
  });

  it('uses the standard fonts in WinAnsi, which have the accents and €', () => {
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/BaseFont /Helvetica');
    expect(raw).toContain('/Encoding /WinAnsiEncoding');
    expect(toWinAnsi('12\u202f345 € ≤ Œ → ✓')).toBe('12\u00a0345 € <= Œ -> ?');
  });

  it('is deterministic: the same notice gives the same letter', async () => {
    const again = await renderLetter(
      composeBilingual(cssWithContribution, 'EN', links),
      recipient,
      meta,
    );
    expect(again.equals(pdf)).toBe(true);
    const later = await renderLetter(
      composeBilingual(cssWithContribution, 'EN', links),
      recipient,
      {
        ...meta,
        date: '2026-01-17',
      },
    );
    expect(later.equals(pdf)).toBe(false);
  });

  it('takes a list of notices, without a name, and refuses a bad date', async () => {
    const b = composeBilingual(cssFree, 'FR', links);
    const letter = await renderLetter(
      b.notices,
      { addressLines: ['1 place de la Mairie', '13001 Marseille'] },
      meta,
    );
    const text = (await pagesText(letter)).join(' ');
    expect(text).toContain('La CSS serait gratuite pour vous');
    expect(text).toContain('The CSS would be free for you');
    await expect(renderLetter(b, recipient, { ...meta, date: '16/01/2026' })).rejects.toThrow(
      /YYYY-MM-DD/,
    );
    await expect(renderLetter([], recipient, meta)).rejects.toThrow(/no notice/);
  });
});
