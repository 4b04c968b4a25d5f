// A notice's text as the notifier writes it (services/notifier/src/domain/notice.ts): a pointer
// line, the preferred language's notice, a rule of dashes, the other language's. Each notice is
// its subject, then sections (a heading, then paragraphs) apart by two blank lines. The assistant
// reads a section by what it is for, known by its heading in either language.
import type { Lang } from './records.ts';
import { fold } from './normalise.ts';

export type SectionKey = 'found' | 'why' | 'amount' | 'estimate' | 'claim' | 'stop';

export interface NoticeSection {
  key: SectionKey | undefined;
  heading: string;
  paragraphs: string[];
}

export interface NoticePart {
  lang: Lang;
  subject: string;
  sections: NoticeSection[];
}

const HEADINGS: Readonly<Record<string, SectionKey>> = {
  [fold('Ce que nous avons trouvé')]: 'found',
  [fold('What we found')]: 'found',
  [fold('Pourquoi nous pensons que vous y avez droit')]: 'why',
  [fold('Why we think you are entitled to it')]: 'why',
  [fold('Combien')]: 'amount',
  [fold('How much')]: 'amount',
  [fold('Ce n’est pas une décision')]: 'estimate',
  [fold('This is not a decision')]: 'estimate',
  [fold('Comment faire la demande')]: 'claim',
  [fold('How to claim')]: 'claim',
  [fold('Ne plus recevoir ces messages')]: 'stop',
  [fold('Stop these messages')]: 'stop',
};

export function noticeParts(text: string): NoticePart[] {
  const [pointer = '', ...rest] = text.split('\n\n');
  const preferred: Lang = /English version below/.test(pointer) ? 'fr' : 'en';
  return rest
    .join('\n\n')
    .split(/\n-{20,}\n/)
    .map((chunk, i) => {
      const [subject = '', ...sections] = chunk.trim().split('\n\n\n');
      const lang: Lang = i === 0 ? preferred : preferred === 'fr' ? 'en' : 'fr';
      return {
        lang,
        subject: subject.trim(),
        sections: sections.map((s) => {
          const [heading = '', ...paragraphs] = s.split('\n\n');
          return {
            key: HEADINGS[fold(heading)],
            heading: heading.trim(),
            paragraphs: paragraphs.map((p) => p.trim()).filter(Boolean),
          };
        }),
      };
    })
    .filter((p) => p.subject);
}

/** The section for `key` in the citizen's language (else the other one's). */
export function noticeSection(
  text: string,
  key: SectionKey,
  lang: Lang,
): { section: NoticeSection; lang: Lang } | undefined {
  const parts = noticeParts(text);
  const ordered = [
    ...parts.filter((p) => p.lang === lang),
    ...parts.filter((p) => p.lang !== lang),
  ];
  for (const p of ordered) {
    const section = p.sections.find((s) => s.key === key);
    if (section) return { section, lang: p.lang };
  }
  return undefined;
}
