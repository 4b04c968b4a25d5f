// Answers about the citizen's notices: which ones, why (the conditions and values of its
// explanation, quoted from the notice itself), how much, how to claim, what « not a decision »
// means, how to stop them. The notice a question is about: the one on the benefit it names, else
// the newest; the answer says which, and cites it.
import type { Answer, AnswerLine, Citation } from './answer.ts';
import type { AnswerContext } from './answers-data.ts';
import { consentCite } from './answers-data.ts';
import type { Intent } from './intents.ts';
import { BENEFIT_ENTRIES, type Benefit } from './knowledge.ts';
import { noticeSection, type SectionKey } from './notice-text.ts';
import type { Lang, NoticeRecord } from './records.ts';
import { day, tr } from './words.ts';

export const noticeCite = (n: NoticeRecord, lang: Lang): Citation => ({
  kind: 'notice',
  id: n.noticeId,
  href: `/notices/${encodeURIComponent(n.noticeId)}`,
  label: tr(lang, 'Lire ce message', 'Read this message'),
});

const newestFirst = (a: NoticeRecord, b: NoticeRecord) =>
  b.createdAt.localeCompare(a.createdAt) || a.noticeId.localeCompare(b.noticeId);

/** The notice a question is about (the caller loads its text): by benefit, else the newest. */
export function targetNotice(
  notices: readonly NoticeRecord[],
  benefit: Benefit | undefined,
): NoticeRecord | undefined {
  const sorted = notices.toSorted(newestFirst);
  return benefit ? sorted.find((n) => n.benefit === benefit) : sorted[0];
}

const noticesLink = (lang: Lang) => ({
  href: '/notices',
  text: tr(lang, 'Mes messages', 'My messages'),
});

export function noticesAnswer(ctx: AnswerContext): Answer {
  const { lang, records } = ctx;
  const sorted = records.notices.toSorted(newestFirst);
  return {
    intent: 'notices',
    kind: sorted.length ? 'answer' : 'none',
    lines: sorted.length
      ? [
          {
            text: tr(
              lang,
              `Vous avez ${sorted.length} message(s) de Relais :`,
              `You have ${sorted.length} message(s) from Relais:`,
            ),
          },
          ...sorted.map((n) => ({
            text: tr(
              lang,
              `« ${n.subject} », le ${day(n.createdAt, lang)}${n.openedAt ? '' : ' (pas encore lu)'}.`,
              `“${n.subject}”, on ${day(n.createdAt, lang)}${n.openedAt ? '' : ' (not read yet)'}.`,
            ),
            cite: noticeCite(n, lang),
          })),
        ]
      : [
          {
            text: tr(
              lang,
              'Vous n’avez aucun message de Relais.',
              'You have no message from Relais.',
            ),
          },
        ],
    links: [noticesLink(lang)],
    humanHelp: false,
  };
}

const SECTION_OF: Partial<Record<Intent, SectionKey>> = {
  'notice-why': 'why',
  'notice-amount': 'amount',
  'notice-claim': 'claim',
  'notice-not-decision': 'estimate',
};

const LEADS: Partial<Record<Intent, [string, string]>> = {
  'notice-why': ['l’explique ainsi', 'explains it so'],
  'notice-amount': ['estime le montant ainsi', 'estimates the amount so'],
  'notice-claim': ['indique comment faire la demande', 'says how to claim'],
  'notice-not-decision': ['le dit ainsi', 'says it so'],
};

const NOT_A_DECISION = {
  fr: 'Un message de Relais n’est pas une décision : c’est une estimation faite à partir des informations que les administrations ont déjà. Seul l’organisme qui verse l’aide décide, après avoir étudié votre demande ; il peut vous demander d’autres justificatifs.',
  en: 'A message from Relais is not a decision: it is an estimate made from the information public services already hold. Only the body that pays the benefit decides, after looking at your claim; it may ask you for other documents.',
};

function stopAnswer(ctx: AnswerContext): Answer {
  const { lang, records } = ctx;
  const proactive = records.consents.filter(
    (c) => c.status === 'active' && c.purpose === 'proactive-eligibility',
  );
  return {
    intent: 'notice-stop',
    kind: 'answer',
    lines: [
      {
        text: tr(
          lang,
          'Sur la page « Mes préférences », vous pouvez choisir comment recevoir ces messages, ou les mettre en pause.',
          'On the “My preferences” page you can choose how these messages reach you, or pause them.',
        ),
      },
      ...proactive.map((c) => ({
        text: tr(
          lang,
          `Pour que Relais arrête de chercher des aides pour vous, retirez votre accord « détection des aides » donné le ${day(c.grantedAt, lang)}.`,
          `For Relais to stop looking for benefits for you, withdraw your “benefit detection” consent given on ${day(c.grantedAt, lang)}.`,
        ),
        cite: consentCite(c, lang),
      })),
    ],
    links: [
      { href: '/preferences', text: tr(lang, 'Mes préférences', 'My preferences') },
      { href: '/consents', text: tr(lang, 'Mes accords', 'My consents') },
    ],
    humanHelp: false,
  };
}

export function noticeAnswer(intent: Intent, ctx: AnswerContext): Answer {
  const { lang, records, slots } = ctx;
  if (intent === 'notice-stop') return stopAnswer(ctx);
  const target = targetNotice(records.notices, slots.benefit);
  const generic: AnswerLine[] =
    intent === 'notice-not-decision' ? [{ text: NOT_A_DECISION[lang] }] : [];
  if (!target) {
    const entry = slots.benefit ? BENEFIT_ENTRIES[slots.benefit] : undefined;
    return {
      intent,
      kind: generic.length ? 'answer' : 'none',
      lines: [
        ...generic,
        {
          text: slots.benefit
            ? tr(
                lang,
                `Vous n’avez pas de message de Relais sur ${entry?.title.fr ?? slots.benefit}.`,
                `You have no message from Relais about ${entry?.title.en ?? slots.benefit}.`,
              )
            : tr(lang, 'Vous n’avez aucun message de Relais.', 'You have no message from Relais.'),
        },
      ],
      links: [
        noticesLink(lang),
        ...(entry ? [{ href: entry.url, text: entry.urlText[lang] }] : []),
      ],
      humanHelp: false,
    };
  }
  const key = SECTION_OF[intent] ?? 'why';
  const text =
    records.noticeText?.noticeId === target.noticeId ? records.noticeText.text : undefined;
  const found = text ? noticeSection(text, key, lang) : undefined;
  const [leadFr, leadEn] = LEADS[intent] ?? LEADS['notice-why']!;
  const lead: AnswerLine = {
    text: tr(
      lang,
      `Votre message « ${target.subject} » du ${day(target.createdAt, lang)} ${leadFr} :`,
      `Your message “${target.subject}” of ${day(target.createdAt, lang)} ${leadEn}:`,
    ),
    cite: noticeCite(target, lang),
  };
  const others = records.notices.length - 1;
  const hint: AnswerLine[] =
    others > 0 && !slots.benefit
      ? [
          {
            text: tr(
              lang,
              `Vous avez ${others} autre(s) message(s) : nommez l’aide dans votre question pour en parler.`,
              `You have ${others} other message(s): name the benefit in your question to ask about it.`,
            ),
          },
        ]
      : [];
  if (!found) {
    return {
      intent,
      kind: generic.length ? 'answer' : 'none',
      lines: [
        ...generic,
        {
          text: tr(
            lang,
            `Je ne trouve pas cette partie dans votre message « ${target.subject} » : ouvrez-le pour la lire.`,
            `I cannot find that part in your message “${target.subject}”: open it to read it.`,
          ),
          cite: noticeCite(target, lang),
        },
      ],
      links: [noticesLink(lang)],
      humanHelp: false,
    };
  }
  return {
    intent,
    kind: 'answer',
    lines: [...generic, lead, ...found.section.paragraphs.map((p) => ({ text: p })), ...hint],
    links: [noticesLink(lang)],
    humanHelp: false,
  };
}
