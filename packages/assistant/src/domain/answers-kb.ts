// Answers from the knowledge base (a benefit, a common question), and the answers that point to
// people: asking for help, out of scope, unsure, refused.
import type { Answer, AnswerLine } from './answer.ts';
import type { AnswerContext } from './answers-data.ts';
import { noticeCite } from './answers-notices.ts';
import type { Refusal } from './guard.ts';
import { BENEFIT_CODES, BENEFIT_ENTRIES, FAQ_ENTRIES, type KnowledgeEntry } from './knowledge.ts';
import { day, humanHelpLinks, tr } from './words.ts';

function entryAnswer(
  intent: 'benefit' | 'faq',
  entry: KnowledgeEntry,
  ctx: AnswerContext,
  extra: AnswerLine[] = [],
): Answer {
  const { lang } = ctx;
  return {
    intent,
    kind: 'answer',
    lines: [{ text: entry.title[lang] }, ...entry.body[lang].map((text) => ({ text })), ...extra],
    links: [{ href: entry.url, text: entry.urlText[lang] }],
    humanHelp: false,
  };
}

export function benefitAnswer(ctx: AnswerContext): Answer {
  const { lang, slots, records } = ctx;
  if (!slots.benefit) {
    return {
      intent: 'benefit',
      kind: 'ask',
      lines: [
        {
          text: tr(
            lang,
            'Relais connaît six aides : le RSA, la prime d’activité, l’AAH, la Complémentaire santé solidaire (CSS), l’allocation de rentrée scolaire (ARS) et le chèque énergie. Laquelle vous intéresse ?',
            'Relais knows six benefits: the RSA, the prime d’activité, the AAH, the Complémentaire santé solidaire (CSS), the back-to-school allowance (ARS) and the energy voucher. Which one do you mean?',
          ),
        },
        ...BENEFIT_CODES.map((b) => ({ text: BENEFIT_ENTRIES[b].title[lang] })),
      ],
      links: [],
      humanHelp: false,
    };
  }
  const mine = records.notices
    .filter((n) => n.benefit === slots.benefit)
    .toSorted(
      (a, b) => b.createdAt.localeCompare(a.createdAt) || a.noticeId.localeCompare(b.noticeId),
    );
  const extra: AnswerLine[] = mine.slice(0, 1).map((n) => ({
    text: tr(
      lang,
      `Relais vous a écrit à ce sujet le ${day(n.createdAt, lang)} : « ${n.subject} ».`,
      `Relais wrote to you about it on ${day(n.createdAt, lang)}: “${n.subject}”.`,
    ),
    cite: noticeCite(n, lang),
  }));
  return entryAnswer('benefit', BENEFIT_ENTRIES[slots.benefit], ctx, extra);
}

export function faqAnswer(id: string | undefined, ctx: AnswerContext): Answer {
  const entry = FAQ_ENTRIES.find((e) => e.id === id);
  return entry ? entryAnswer('faq', entry, ctx) : unsureAnswer(ctx);
}

export function helpAnswer(ctx: AnswerContext): Answer {
  const { lang } = ctx;
  return {
    intent: 'help',
    kind: 'answer',
    lines: [
      {
        text: tr(
          lang,
          'Des personnes peuvent vous aider : un conseiller d’une maison France Services, près de chez vous et sans rendez-vous, ou Allô Service Public au 3939.',
          'People can help you: an adviser at a France Services centre near you, without an appointment, or Allô Service Public on 3939.',
        ),
      },
    ],
    links: humanHelpLinks(lang),
    humanHelp: true,
  };
}

export function greetingAnswer(ctx: AnswerContext): Answer {
  const { lang } = ctx;
  return {
    intent: 'greeting',
    kind: 'answer',
    lines: [
      {
        text: tr(
          lang,
          'Bonjour ! Posez-moi une question sur vos données (qui les a reçues), vos accords, vos messages de Relais ou les aides qu’il connaît.',
          'Hello! Ask me about your data (who received it), your consents, your messages from Relais or the benefits it knows.',
        ),
      },
    ],
    links: [],
    humanHelp: false,
  };
}

export function outOfScopeAnswer(ctx: AnswerContext): Answer {
  const { lang } = ctx;
  return {
    intent: 'out-of-scope',
    kind: 'out-of-scope',
    lines: [
      {
        text: tr(
          lang,
          'Je ne peux pas répondre à cette question : je ne connais que vos données transmises par Relais, vos accords, vos messages et six aides. Je préfère vous orienter vers des personnes qui sauront.',
          'I cannot answer that: I only know your data passed on by Relais, your consents, your messages and six benefits. Let me point you to people who will know.',
        ),
      },
    ],
    links: [
      ...humanHelpLinks(lang),
      { href: 'https://www.service-public.fr', text: 'service-public.fr' },
    ],
    humanHelp: true,
  };
}

export function unsureAnswer(ctx: AnswerContext): Answer {
  const { lang } = ctx;
  return {
    intent: 'out-of-scope',
    kind: 'unsure',
    lines: [
      {
        text: tr(
          lang,
          'Je ne suis pas sûr d’avoir compris, et je préfère ne pas inventer. Vous pouvez demander par exemple : « Qui a reçu mon adresse ? », « Pourquoi ce courrier ? », « Comment retirer mon accord ? ».',
          'I am not sure I understood, and I would rather not guess. You can ask for example: “Who received my address?”, “Why this letter?”, “How do I withdraw my consent?”.',
        ),
      },
    ],
    links: humanHelpLinks(lang),
    humanHelp: true,
  };
}

export function refusedAnswer(why: Refusal | undefined, ctx: AnswerContext): Answer {
  const { lang } = ctx;
  const text =
    why === 'someone-else'
      ? tr(
          lang,
          'Je ne peux pas : je ne montre que vos propres informations, jamais celles d’une autre personne. Si vous aidez un proche, un conseiller France Services peut vous accompagner avec lui.',
          'I cannot: I only show your own information, never another person’s. If you help a relative, a France Services adviser can assist you both.',
        )
      : tr(
          lang,
          'Je ne peux pas faire cela. Je réponds seulement à partir de vos propres informations, selon les règles de Relais, qui ne changent pas.',
          'I cannot do that. I only answer from your own information, under Relais’ rules, which do not change.',
        );
  return {
    intent: 'refused',
    kind: 'refused',
    lines: [{ text }],
    links: humanHelpLinks(lang),
    humanHelp: true,
  };
}
