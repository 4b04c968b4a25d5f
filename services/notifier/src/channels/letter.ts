// A notice as a postal letter: an A4 PDF with the sender block, the recipient's address where a
// French window envelope (DL, window on the right) shows it, the date and reference, the French
// notice, then the English version from a new page. The standard Helvetica fonts need no font
// file: they use WinAnsi, which has the French accents, « », ’ and €. Deterministic: the same
// notice, recipient and meta give the same bytes (CreationDate comes from meta.date).
import PDFDocument from 'pdfkit';
import { formatDate } from '../domain/format.ts';
import type { BilingualNotice, Language, Notice } from '../domain/types.ts';

export interface LetterRecipient {
  name?: string;
  addressLines: string[];
}

export interface LetterMeta {
  /** Printed on every page; a notice id or a mail-merge reference. */
  reference: string;
  /** YYYY-MM-DD: the letter's date, and the PDF's creation date. */
  date: string;
  /** Sender block lines; "Relais — service public" by default. */
  sender?: string[];
}

type Doc = InstanceType<typeof PDFDocument>;

const MM = 72 / 25.4;
const MARGIN = 20 * MM;
const FOOTER_SPACE = 12 * MM;

// WinAnsi (cp1252) above Latin-1: what the standard fonts can show beyond U+0000–U+00FF.
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const REPLACEMENTS: Record<string, string> = {
  '\u202f': '\u00a0',
  '\u2009': ' ',
  '\u2007': '\u00a0',
  '\u2010': '-',
  '\u2011': '-',
  '\u2212': '-',
  '≤': '<=',
  '≥': '>=',
  '→': '->',
};

/** Text the standard PDF fonts can draw: anything else would print as a wrong glyph. */
export function toWinAnsi(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) out += ch;
    else if (CP1252_EXTRA.has(ch)) out += ch;
    else out += REPLACEMENTS[ch] ?? '?';
  }
  return out;
}

const WORDS: Record<
  Language,
  { reference: string; subject: string; page: string; version: string }
> = {
  FR: { reference: 'Référence', subject: 'Objet', page: 'page', version: 'Version française' },
  EN: { reference: 'Reference', subject: 'Subject', page: 'page', version: 'English version' },
};

function write(doc: Doc, s: string, options: PDFKit.Mixins.TextOptions = {}): void {
  doc.text(toWinAnsi(s), options);
}

/** Starts a new page when less than `needed` points are left above the footer. */
function keepRoom(doc: Doc, needed: number): void {
  if (doc.y + needed > doc.page.height - MARGIN - FOOTER_SPACE) doc.addPage();
}

function firstPage(doc: Doc, recipient: LetterRecipient, meta: LetterMeta, first: Notice): void {
  const sender = meta.sender ?? ['Relais — service public', 'Information sur vos droits'];
  doc.font('Helvetica-Bold').fontSize(11);
  write(doc, sender[0] ?? '', { width: 80 * MM });
  doc.font('Helvetica').fontSize(9.5);
  for (const line of sender.slice(1)) write(doc, line, { width: 80 * MM });

  // Window of a DL envelope: about 100 mm from the left edge, 45 mm from the top.
  const x = 110 * MM;
  doc.y = 45 * MM;
  if (recipient.name) {
    doc.font('Helvetica-Bold').fontSize(11);
    doc.text(toWinAnsi(recipient.name), x, doc.y, { width: 85 * MM });
  }
  doc.font('Helvetica').fontSize(11);
  for (const line of recipient.addressLines)
    doc.text(toWinAnsi(line), x, doc.y, { width: 85 * MM });

  const w = WORDS[first.language];
  doc.x = MARGIN;
  doc.y = Math.max(doc.y + 10 * MM, 95 * MM);
  doc.font('Helvetica').fontSize(10);
  write(doc, `${w.reference}${first.language === 'FR' ? ' : ' : ': '}${meta.reference}`);
  write(
    doc,
    first.language === 'FR'
      ? `Le ${formatDate(meta.date, 'FR')}`
      : `Date: ${formatDate(meta.date, 'EN')}`,
  );
  doc.moveDown(1);
}

function noticeBody(doc: Doc, notice: Notice): void {
  const w = WORDS[notice.language];
  doc.font('Helvetica-Bold').fontSize(12.5);
  write(doc, `${w.subject}${notice.language === 'FR' ? ' : ' : ': '}${notice.subject}`);
  doc.moveDown(0.6);
  for (const section of notice.sections) {
    keepRoom(doc, 60);
    doc.moveDown(0.4);
    doc.font('Helvetica-Bold').fontSize(11.5);
    write(doc, section.heading);
    doc.moveDown(0.3);
    doc.font('Helvetica').fontSize(10.5);
    for (const p of section.paragraphs) {
      keepRoom(doc, 14);
      write(doc, p, { paragraphGap: 5, lineGap: 1.5 });
    }
  }
}

function footers(doc: Doc, meta: LetterMeta, languageOf: (page: number) => Language): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const w = WORDS[languageOf(i)];
    doc.font('Helvetica').fontSize(8.5).fillColor('#444444');
    doc.text(
      toWinAnsi(
        `Relais — ${w.reference.toLowerCase()} ${meta.reference} — ${w.page} ${i + 1} / ${range.count}`,
      ),
      MARGIN,
      doc.page.height - MARGIN,
      { width: doc.page.width - 2 * MARGIN, align: 'center', lineBreak: false },
    );
    doc.fillColor('black');
    doc.page.margins.bottom = bottom;
  }
}

function ordered(notices: BilingualNotice | readonly Notice[]): Notice[] {
  const list = 'notices' in notices ? [...notices.notices] : [...notices];
  // A letter is a French administrative document with its English version: French first.
  return list.sort((a, b) => (a.language === b.language ? 0 : a.language === 'FR' ? -1 : 1));
}

/** The letter as a PDF: the French notice, then each other version from a new page. */
export function renderLetter(
  notices: BilingualNotice | readonly Notice[],
  recipient: LetterRecipient,
  meta: LetterMeta,
): Promise<Buffer> {
  const list = ordered(notices);
  const first = list[0];
  if (!first) return Promise.reject(new Error('renderLetter: no notice to print'));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(meta.date))
    return Promise.reject(new Error(`renderLetter: date ${meta.date} is not YYYY-MM-DD`));
  const created = new Date(`${meta.date}T00:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_SPACE, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: first.language === 'FR' ? 'fr-FR' : 'en-GB',
    info: {
      Title: toWinAnsi(first.subject),
      Author: 'Relais',
      Subject: toWinAnsi(`${WORDS[first.language].reference} ${meta.reference}`),
      Creator: 'Relais notifier',
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // The language of each page, for its footer.
  let current: Language = first.language;
  const pageLanguage: Language[] = [current];
  const track = () => pageLanguage.push(current);
  doc.on('pageAdded', track);

  firstPage(doc, recipient, meta, first);
  noticeBody(doc, first);
  for (const notice of list.slice(1)) {
    current = notice.language;
    doc.addPage();
    doc.font('Helvetica-Bold').fontSize(10);
    write(doc, WORDS[notice.language].version);
    doc.font('Helvetica').fontSize(10);
    write(
      doc,
      `${WORDS[notice.language].reference}${notice.language === 'FR' ? ' : ' : ': '}${meta.reference}`,
    );
    doc.moveDown(1);
    noticeBody(doc, notice);
  }
  footers(doc, meta, (i) => pageLanguage[i] ?? first.language);
  doc.end();
  return done;
}
