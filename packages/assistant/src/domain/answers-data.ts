// Answers about the citizen's data: who received it (from the access log), which consents they
// gave, how to withdraw one, what Relais may use to look for benefits. Every line that states a
// fact of a record cites that record.
import type { Answer, AnswerLine, Citation } from './answer.ts';
import type { AccessRecord, CitizenRecords, ConsentRecord, Lang, Vocabulary } from './records.ts';
import { agencyMatches, type Slots } from './slots.ts';
import { agencyName, day, periodText, times, tr } from './words.ts';

export interface AnswerContext {
  lang: Lang;
  words: Vocabulary;
  records: CitizenRecords;
  slots: Slots;
}

const MAX_LINES = 12;
const PROACTIVE = 'proactive-eligibility';

export const accessCite = (e: AccessRecord, lang: Lang): Citation => ({
  kind: 'access',
  id: e.accessId,
  href: `/access-log/${encodeURIComponent(e.accessId)}`,
  label: tr(lang, 'Voir cette transmission et sa preuve', 'See this delivery and its proof'),
});

export const consentCite = (c: ConsentRecord, lang: Lang): Citation => ({
  kind: 'consent',
  id: c.id,
  href: '/consents',
  label: tr(lang, 'Voir mes accords', 'See my consents'),
});

/** « 1 transmission », « 7 transmissions » / "1 delivery", "7 deliveries". */
const count = (n: number, lang: Lang) =>
  lang === 'fr'
    ? `${n}\u00a0transmission${n > 1 ? 's' : ''}`
    : `${n} deliver${n > 1 ? 'ies' : 'y'}`;

const recipientIs = (key: string | undefined, id: string) => !key || agencyMatches(key, id);

/** A consent's recipient (`sector:health`) matches an agency key loosely: by its words. */
function consentFor(c: ConsentRecord, slots: Slots): boolean {
  if (slots.category && !c.categories.includes(slots.category)) return false;
  return recipientIs(slots.agency, c.recipient);
}

function what(ctx: AnswerContext): string {
  const { lang, slots, words } = ctx;
  return slots.category ? words.category(slots.category) : tr(lang, 'vos données', 'your data');
}

function accessLine(e: AccessRecord, ctx: AnswerContext): AnswerLine {
  const { lang, words } = ctx;
  const who = agencyName(e.recipient.id, e.recipient.name, words.recipient(e.recipient.id));
  const basis =
    e.legalBasis === 'consent'
      ? tr(
          lang,
          `votre accord (${words.purpose(e.purpose)})`,
          `your consent (${words.purpose(e.purpose)})`,
        )
      : `${words.basis(e.legalBasis)} (${words.purpose(e.purpose)})`;
  const data = e.categories.map((c) => words.category(c)).join(', ');
  return {
    text: tr(
      lang,
      `${who} — le ${day(e.recordedAt, lang)} : ${words.contract(e.contract)} (${data}) ; base : ${basis}.`,
      `${who} — on ${day(e.recordedAt, lang)}: ${words.contract(e.contract)} (${data}); basis: ${basis}.`,
    ),
    cite: accessCite(e, lang),
  };
}

function hiddenLine(ctx: AnswerContext): AnswerLine[] {
  const n = ctx.records.hiddenAccess;
  if (n === 0) return [];
  return [
    {
      text: tr(
        ctx.lang,
        `${n} autre(s) transmission(s) touchant la santé ou un handicap ne s’affichent qu’après une connexion de niveau plus élevé.`,
        `${n} other deliverie(s) touching health or a disability show only after a higher-level sign-in.`,
      ),
    },
  ];
}

export function recipientsAnswer(ctx: AnswerContext): Answer {
  const { lang, slots, records, words } = ctx;
  const entries = records.access
    .filter((e) => !slots.category || e.categories.includes(slots.category))
    .filter((e) => recipientIs(slots.agency, e.recipient.id))
    .filter((e) => {
      if (!slots.period) return true;
      const d = e.recordedAt.slice(0, 10);
      return d >= slots.period.from && d < slots.period.to;
    })
    .toSorted(
      (a, b) => b.recordedAt.localeCompare(a.recordedAt) || a.accessId.localeCompare(b.accessId),
    );
  const when = slots.period ? ` ${periodText(slots.period, lang)}` : '';
  const revoked = records.consents
    .filter((c) => c.status === 'revoked' && c.revokedAt && consentFor(c, slots))
    .toSorted(
      (a, b) => (a.revokedAt ?? '').localeCompare(b.revokedAt ?? '') || a.id.localeCompare(b.id),
    );
  const revokedLines: AnswerLine[] = revoked.map((c) => ({
    text: tr(
      lang,
      `Le ${day(c.revokedAt ?? '', lang)}, vous avez retiré votre accord (${words.recipient(c.recipient)}) : depuis, Relais ne transmet plus rien sur cet accord.`,
      `On ${day(c.revokedAt ?? '', lang)} you withdrew your consent (${words.recipient(c.recipient)}): since then Relais passes nothing on it.`,
    ),
    cite: consentCite(c, lang),
  }));
  const links = [
    {
      href: '/access-log',
      text: tr(
        lang,
        'Qui a reçu mes données : tout l’historique',
        'Who received my data: the whole history',
      ),
    },
  ];
  if (entries.length === 0) {
    const agency = slots.agency
      ? tr(lang, ' (pour l’organisme demandé)', ' (for the body you named)')
      : '';
    return {
      intent: 'recipients',
      kind: 'none',
      lines: [
        {
          text: tr(
            lang,
            `D’après le journal de Relais, aucune administration n’a reçu ${what(ctx)}${when}${agency}.`,
            `According to Relais’ log, no public service received ${what(ctx)}${when}${agency}.`,
          ),
        },
        ...revokedLines,
        ...hiddenLine(ctx),
      ],
      links,
      humanHelp: false,
    };
  }
  const shown = entries.slice(0, MAX_LINES);
  const more = entries.length - shown.length;
  return {
    intent: 'recipients',
    kind: 'answer',
    lines: [
      {
        text: tr(
          lang,
          `D’après le journal de Relais, ${count(entries.length, lang)} de ${what(ctx)}${when}, la plus récente en premier :`,
          `According to Relais’ log, ${count(entries.length, lang)} of ${what(ctx)}${when}, newest first:`,
        ),
      },
      ...shown.map((e) => accessLine(e, ctx)),
      ...(more > 0
        ? [
            {
              text: tr(
                lang,
                `Et ${more} autre(s), dans l’historique complet.`,
                `And ${more} more, in the whole history.`,
              ),
            },
          ]
        : []),
      ...revokedLines,
      ...hiddenLine(ctx),
    ],
    links,
    humanHelp: false,
  };
}

function consentLine(c: ConsentRecord, ctx: AnswerContext): AnswerLine {
  const { lang, words } = ctx;
  const cats = c.categories.map((x) => words.category(x)).join(', ');
  const until = c.expiresAt
    ? tr(lang, `, jusqu’au ${day(c.expiresAt, lang)}`, `, until ${day(c.expiresAt, lang)}`)
    : '';
  const text =
    c.status === 'active'
      ? tr(
          lang,
          `${words.recipient(c.recipient)} peut recevoir ${cats} pour ${words.purpose(c.purpose)}, depuis le ${day(c.grantedAt, lang)}${until}.`,
          `${words.recipient(c.recipient)} may receive ${cats} to ${words.purpose(c.purpose)}, since ${day(c.grantedAt, lang)}${until}.`,
        )
      : tr(
          lang,
          `${words.recipient(c.recipient)} (${cats}, pour ${words.purpose(c.purpose)}) : accord ${c.status === 'revoked' ? `retiré le ${day(c.revokedAt ?? '', lang)}` : 'expiré'}.`,
          `${words.recipient(c.recipient)} (${cats}, to ${words.purpose(c.purpose)}): consent ${c.status === 'revoked' ? `withdrawn on ${day(c.revokedAt ?? '', lang)}` : 'expired'}.`,
        );
  return { text, cite: consentCite(c, lang) };
}

const byGrant = (a: ConsentRecord, b: ConsentRecord) =>
  b.grantedAt.localeCompare(a.grantedAt) || a.id.localeCompare(b.id);

export function consentsAnswer(ctx: AnswerContext): Answer {
  const { lang, records, slots } = ctx;
  const mine = records.consents.filter((c) => consentFor(c, slots)).toSorted(byGrant);
  const active = mine.filter((c) => c.status === 'active');
  const ended = mine.filter((c) => c.status !== 'active').slice(0, MAX_LINES);
  const links = [
    { href: '/consents', text: tr(lang, 'Mes accords', 'My consents') },
    { href: '/consents/new', text: tr(lang, 'Donner un accord', 'Give a consent') },
  ];
  return {
    intent: 'consents',
    kind: mine.length ? 'answer' : 'none',
    lines: [
      {
        text: active.length
          ? tr(
              lang,
              `Vous avez ${active.length} accord(s) en cours :`,
              `You have ${active.length} consent(s) in force:`,
            )
          : tr(lang, 'Vous n’avez aucun accord en cours.', 'You have no consent in force.'),
      },
      ...active.slice(0, MAX_LINES).map((c) => consentLine(c, ctx)),
      ...(ended.length
        ? [
            { text: tr(lang, 'Accords terminés :', 'Consents that ended:') },
            ...ended.map((c) => consentLine(c, ctx)),
          ]
        : []),
    ],
    links,
    humanHelp: false,
  };
}

export function revokeAnswer(ctx: AnswerContext): Answer {
  const { lang, records, slots } = ctx;
  const active = records.consents
    .filter((c) => c.status === 'active' && consentFor(c, slots))
    .toSorted(byGrant);
  return {
    intent: 'revoke',
    kind: 'answer',
    lines: [
      {
        text: tr(
          lang,
          'Sur la page « Mes accords », le bouton « Retirer mon accord » à côté de chacun le retire en un clic. Le retrait vaut pour la suite : Relais ne transmet plus rien sur cet accord ; ce qui a déjà été transmis reste chez l’administration.',
          'On the “My consents” page, the “Withdraw my consent” button next to each one withdraws it in one click. It applies from then on: Relais passes nothing more on that consent; what was already passed stays with the public service.',
        ),
      },
      ...(active.length
        ? [
            {
              text: tr(
                lang,
                'Vos accords que vous pouvez retirer :',
                'Your consents you can withdraw:',
              ),
            },
            ...active.slice(0, MAX_LINES).map((c) => consentLine(c, ctx)),
          ]
        : [
            {
              text: tr(
                lang,
                'Vous n’avez aucun accord en cours à retirer.',
                'You have no consent in force to withdraw.',
              ),
            },
          ]),
    ],
    links: [
      { href: '/consents', text: tr(lang, 'Mes accords', 'My consents') },
      {
        href: '/consents/revoke-all',
        text: tr(lang, 'Retirer tous mes accords', 'Withdraw all my consents'),
      },
    ],
    humanHelp: false,
  };
}

export function proactiveAnswer(ctx: AnswerContext): Answer {
  const { lang, records, words } = ctx;
  const consents = records.consents
    .filter((c) => c.status === 'active' && c.purpose === PROACTIVE)
    .toSorted(byGrant);
  const received = records.access
    .filter((e) => e.purpose === PROACTIVE)
    .toSorted(
      (a, b) => b.recordedAt.localeCompare(a.recordedAt) || a.accessId.localeCompare(b.accessId),
    );
  const links = [{ href: '/consents', text: tr(lang, 'Mes accords', 'My consents') }];
  if (consents.length === 0) {
    return {
      intent: 'proactive',
      kind: 'none',
      lines: [
        {
          text: tr(
            lang,
            'Vous n’avez pas donné d’accord pour la détection des aides : Relais ne cherche donc aucune aide pour vous et n’utilise aucune de vos informations à cette fin.',
            'You have not given a consent for benefit detection: Relais looks for no benefit for you and uses none of your information for it.',
          ),
        },
      ],
      links: [
        ...links,
        { href: '/consents/new', text: tr(lang, 'Donner un accord', 'Give a consent') },
      ],
      humanHelp: false,
    };
  }
  const cats = [...new Set(consents.flatMap((c) => c.categories))].map((c) => words.category(c));
  const latest = received[0];
  return {
    intent: 'proactive',
    kind: 'answer',
    lines: [
      {
        text: tr(
          lang,
          `Avec votre accord, Relais peut utiliser pour chercher vos aides : ${cats.join(', ')}.`,
          `With your consent, Relais may use to look for your benefits: ${cats.join(', ')}.`,
        ),
      },
      ...consents.map((c) => consentLine(c, ctx)),
      ...(latest
        ? [
            {
              text: tr(
                lang,
                `Relais a reçu ${times(received.length, lang)} une information à ce titre, la dernière le ${day(latest.recordedAt, lang)}.`,
                `Relais received information for it ${times(received.length, lang)}, the latest on ${day(latest.recordedAt, lang)}.`,
              ),
              cite: accessCite(latest, lang),
            },
          ]
        : []),
      {
        text: tr(
          lang,
          'Retirer cet accord arrête la détection et les messages qui en viennent.',
          'Withdrawing this consent stops the detection and the messages it brings.',
        ),
      },
    ],
    links,
    humanHelp: false,
  };
}
