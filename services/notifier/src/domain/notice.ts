// The proactive notice: plain words, short sentences, "vous". What the citizen is probably
// entitled to, why (each condition with its value, the parameter and its effective date), how
// much, that it is an estimate and not a decision, how to claim, and how to stop these notices.
// Pure: the same entitlement, language and links give the same notice.
import { BENEFITS, pick } from './benefits.ts';
import { caveatTexts } from './caveats.ts';
import { conditionSentence } from './conditions.ts';
import { escapeHtml, formatDate, formatEuros, paragraphHtml, periodText } from './format.ts';
import type {
  BilingualNotice,
  Entitlement,
  Language,
  Notice,
  NoticeLinks,
  NoticeSection,
} from './types.ts';

/** The consent purpose whose withdrawal stops these notices. */
export const PROACTIVE_PURPOSE = 'proactive-eligibility';

export function otherLanguage(language: Language): Language {
  return language === 'FR' ? 'EN' : 'FR';
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function t(language: Language, fr: string, en: string): string {
  return language === 'FR' ? fr : en;
}

export function noticeSubject(e: Entitlement, language: Language): string {
  const to = pick(BENEFITS[e.benefit].to, language);
  return t(language, `Vous avez probablement droit ${to}`, `You are probably entitled ${to}`);
}

function found(e: Entitlement, language: Language): NoticeSection {
  const info = BENEFITS[e.benefit];
  return {
    key: 'found',
    heading: t(language, 'Ce que nous avons trouvé', 'What we found'),
    paragraphs: [
      t(language, 'Bonjour,', 'Hello,'),
      t(
        language,
        'Avec votre accord, Relais a regardé les informations que les administrations ont déjà sur vous.',
        'With your consent, Relais looked at the information public services already hold about you.',
      ),
      t(
        language,
        `${capitalize(periodText(e.period, language))}, vous avez probablement droit ${info.to.fr}.`,
        `${capitalize(periodText(e.period, language))}, you are probably entitled ${info.to.en}.`,
      ),
      pick(info.what, language),
      t(language, `Qui s’en occupe : ${info.payer.fr}.`, `Who handles it: ${info.payer.en}.`),
    ],
  };
}

function why(e: Entitlement, language: Language): NoticeSection {
  const sentences = e.conditions
    .map((c) => conditionSentence(c, language))
    .filter((s): s is string => s !== undefined);
  if (sentences.length === 0) {
    sentences.push(
      t(
        language,
        'Vous remplissez les conditions que Relais a pu vérifier.',
        'You meet the conditions Relais could check.',
      ),
    );
  }
  const sources = [
    ...new Set(
      e.conditions.filter((c) => c.satisfied && c.source).flatMap((c) => legalTexts(c.source)),
    ),
  ];
  if (sources.length > 0) {
    sentences.push(
      t(
        language,
        `Sources des valeurs utilisées : ${sources.join(' ; ')}.`,
        `Sources of the values used: ${sources.join('; ')}.`,
      ),
    );
  }
  return {
    key: 'why',
    heading: t(
      language,
      'Pourquoi nous pensons que vous y avez droit',
      'Why we think you are entitled to it',
    ),
    paragraphs: sentences,
  };
}

function amount(e: Entitlement, language: Language): NoticeSection {
  const info = BENEFITS[e.benefit];
  const paragraphs: string[] = [];
  const monthly = e.estimatedMonthlyCents;
  const yearly = e.estimatedYearlyCents;
  const short = info.short;
  if (e.benefit === 'CSS' && (e.variant === 'free' || (monthly === 0 && !e.variant))) {
    paragraphs.push(
      t(
        language,
        `La ${short} serait gratuite pour vous : vous ne paieriez rien.`,
        `The ${short} would be free for you: you would pay nothing.`,
      ),
    );
  } else if (monthly !== undefined && monthly < 0) {
    const x = formatEuros(monthly, language);
    if (e.benefit === 'CSS') {
      paragraphs.push(
        t(language, `La ${short} ne serait pas gratuite.`, `The ${short} would not be free.`),
      );
    }
    paragraphs.push(
      t(
        language,
        `Vous paieriez une participation d’environ ${x} par mois pour votre foyer.`,
        `You would pay a contribution of about ${x} a month for your household.`,
      ),
    );
  } else if (monthly !== undefined && monthly > 0) {
    const x = formatEuros(monthly, language);
    paragraphs.push(
      t(
        language,
        `Montant estimé : environ ${x} par mois.`,
        `Estimated amount: about ${x} a month.`,
      ),
    );
  } else if (yearly !== undefined && yearly > 0) {
    const x = formatEuros(yearly, language);
    const when = info.oneOff
      ? `, ${pick(info.oneOff, language)}`
      : t(language, ' par an', ' a year');
    paragraphs.push(
      t(language, `Montant estimé : environ ${x}${when}.`, `Estimated amount: about ${x}${when}.`),
    );
  } else {
    paragraphs.push(
      t(
        language,
        'Nous ne pouvons pas estimer le montant. Il sera calculé après votre demande.',
        'We cannot estimate the amount. It will be worked out after you claim.',
      ),
    );
  }
  paragraphs.push(
    t(
      language,
      'C’est une estimation : le montant réel peut être différent.',
      'This is an estimate: the real amount may be different.',
    ),
  );
  return { key: 'amount', heading: t(language, 'Combien', 'How much'), paragraphs };
}

function estimate(e: Entitlement, language: Language): NoticeSection {
  return {
    key: 'estimate',
    heading: t(language, 'Ce n’est pas une décision', 'This is not a decision'),
    paragraphs: [
      t(
        language,
        'Ce message n’est pas une décision. Seul l’organisme qui verse l’aide peut décider, après avoir étudié votre demande.',
        'This message is not a decision. Only the body that pays the benefit can decide, after looking at your claim.',
      ),
      t(
        language,
        `Nous avons fait ce calcul le ${formatDate(e.determinedOn, language)}, avec la règle « ${e.ruleVersion} ».`,
        `We made this estimate on ${formatDate(e.determinedOn, language)}, with the rule “${e.ruleVersion}”.`,
      ),
      ...caveatTexts(e.caveats, language),
    ],
  };
}

function claim(e: Entitlement, language: Language, links: NoticeLinks): NoticeSection {
  const route = BENEFITS[e.benefit].claim;
  const paragraphs: string[] = [];
  if (links.claimUrl) {
    paragraphs.push(
      t(
        language,
        `Pour commencer votre demande, suivez ce lien : ${links.claimUrl}`,
        `To start your claim, follow this link: ${links.claimUrl}`,
      ),
    );
  }
  paragraphs.push(
    t(
      language,
      `${route.online.fr} : ${route.onlineUrl}`,
      `${route.online.en}: ${route.onlineUrl}`,
    ),
    pick(route.paper, language),
    t(
      language,
      `Pour en savoir plus : ${route.infoUrl}`,
      `More information (in French): ${route.infoUrl}`,
    ),
    t(
      language,
      'Besoin d’aide ? Une maison France Services près de chez vous peut vous accompagner.',
      'Need help? A France Services centre near you can help you.',
    ),
  );
  return {
    key: 'claim',
    heading: t(language, 'Comment faire la demande', 'How to claim'),
    paragraphs,
  };
}

function stop(language: Language, links: NoticeLinks): NoticeSection {
  return {
    key: 'stop',
    heading: t(language, 'Ne plus recevoir ces messages', 'Stop these messages'),
    paragraphs: [
      t(
        language,
        `Pour choisir comment nous vous écrivons, ou pour ne plus recevoir ces messages : ${links.preferencesUrl}`,
        `To choose how we write to you, or to stop these messages: ${links.preferencesUrl}`,
      ),
      t(
        language,
        `Vous pouvez aussi retirer votre accord « Détection de droits » (${PROACTIVE_PURPOSE}). Relais arrête alors de chercher les aides auxquelles vous avez droit, et ne vous écrit plus à ce sujet.`,
        `You can also withdraw your consent “Benefit detection” (${PROACTIVE_PURPOSE}). Relais then stops looking for benefits you may be entitled to, and stops writing to you about them.`,
      ),
    ],
  };
}

export function renderText(subject: string, sections: readonly NoticeSection[]): string {
  const blocks = [subject];
  for (const s of sections) blocks.push([s.heading, ...s.paragraphs].join('\n\n'));
  return `${blocks.join('\n\n\n')}\n`;
}

export function renderHtml(
  language: Language,
  subject: string,
  sections: readonly NoticeSection[],
): string {
  const lang = language.toLowerCase();
  const body = sections
    .map(
      (s) =>
        `<section><h2>${escapeHtml(s.heading)}</h2>\n${s.paragraphs.map((p) => `<p>${paragraphHtml(p)}</p>`).join('\n')}</section>`,
    )
    .join('\n');
  return `<article lang="${lang}" id="notice-${lang}">\n<h1 style="font-size: 1.5em; line-height: 1.25;">${escapeHtml(subject)}</h1>\n${body}\n</article>`;
}

/** The notice in one language. */
export function composeNotice(e: Entitlement, language: Language, links: NoticeLinks): Notice {
  const subject =
    language === 'FR' ? frenchSpacing(noticeSubject(e, language)) : noticeSubject(e, language);
  const raw = [
    found(e, language),
    why(e, language),
    amount(e, language),
    estimate(e, language),
    claim(e, language, links),
    stop(language, links),
  ];
  const sections =
    language === 'FR'
      ? raw.map((s) => ({
          ...s,
          heading: frenchSpacing(s.heading),
          paragraphs: s.paragraphs.map(frenchSpacing),
        }))
      : raw;
  return {
    language,
    subject,
    sections,
    text: renderText(subject, sections),
    html: renderHtml(language, subject, sections),
  };
}

const POINTER: Record<Language, string> = {
  FR: 'English version below.',
  EN: 'Version française ci-dessous.',
};

/**
 * The notice in the preferred language, then in the other one (plain French with an English
 * version, or the reverse): one text, one HTML document.
 */
export function composeBilingual(
  e: Entitlement,
  preferred: Language,
  links: NoticeLinks,
  options: { noticeId?: string } = {},
): BilingualNotice {
  const first = composeNotice(e, preferred, links);
  const second = composeNotice(e, otherLanguage(preferred), links);
  const rule = '-'.repeat(60);
  const text = `${POINTER[preferred]}\n\n${first.text}\n${rule}\n\n${second.text}`;
  const beacon = links.openUrl
    ? `\n<img src="${escapeHtml(links.openUrl)}" alt="" width="1" height="1">`
    : '';
  const html = [
    '<!doctype html>',
    `<html lang="${preferred.toLowerCase()}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(first.subject)}</title></head>`,
    '<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; max-width: 40em; margin: 0 auto; padding: 1em; overflow-wrap: anywhere;">',
    `<p lang="${second.language.toLowerCase()}"><a href="#notice-${second.language.toLowerCase()}">${escapeHtml(POINTER[preferred])}</a></p>`,
    first.html,
    '<hr>',
    second.html,
    `${beacon}</body>`,
    '</html>',
  ].join('\n');
  return {
    noticeId: options.noticeId ?? e.decisionId,
    decisionId: e.decisionId,
    benefit: e.benefit,
    preferred,
    notices: [first, second],
    subject: first.subject,
    text,
    html,
    preferencesUrl: links.preferencesUrl,
  };
}

/**
 * The legal texts a source names, for a citizen: a rule's source may also cite the parameter file
 * it was read from (`openfisca-france <path> @<date> (<text>)`); only the text is kept.
 */
export function legalTexts(source: string | undefined): string[] {
  return (source ?? '')
    .split(/ \| |; /)
    .map((part) => part.trim())
    .flatMap((part) => {
      if (!part || part.startsWith('docs/')) return [];
      if (!/^openfisca/i.test(part)) return [part];
      const inner = /\(([^()]+)\)\s*$/.exec(part)?.[1];
      return inner ? [inner] : [];
    });
}

/**
 * French typography: a no-break space before « : ; ! ? » and inside « », so a line never starts
 * with a lone colon or guillemet (on a phone, in a letter). URLs are left as they are.
 */
export function frenchSpacing(text: string): string {
  return text.replace(/ ([:;!?»])/g, '\u00a0$1').replace(/« /g, '«\u00a0');
}
