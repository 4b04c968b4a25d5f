// One flow's whole path as a timeline: accepted or rejected and why → canonical topic, partition,
// offset → the router's decision per subscription → access records → each recipient's inbox ack or
// webhook attempts → determinations → notices and their channels; its dead letters; a link to the
// trace. The citizen appears as Relais' pseudonym only; no record value is shown.
import { formatInstant, html, type Html, type Part } from '@relais/web';
import type { Lang, Messages } from '../domain/i18n.ts';
import type { Coordinates, Flow, RecipientDelivery } from '../domain/views.ts';
import { statusBadge } from './dead-letters.ts';
import { badge, facts, table } from './layout.ts';
import { traceLink } from './flows.ts';

const position = (m: Messages, c: Coordinates | undefined | null): Part =>
  c ? html`<code>${m.coordinatesValue(c.topic, c.partition, c.offset)}</code>` : '—';

function step(o: { id: string; title: string; state: 'done' | 'failed' | 'none'; body: Part }) {
  return html`<li class="console-step console-step--${o.state}" aria-labelledby="${o.id}">
    <h2 class="fr-h5" id="${o.id}">${o.title}</h2>
    ${o.body}
  </li>`;
}

/** A step that lists records in a table, or says it was not reached. */
function tableStep<T>(
  m: Messages,
  o: {
    id: string;
    title: string;
    items: readonly T[];
    head: string[];
    row: (item: T) => Part[];
    failed?: boolean;
  },
): Html {
  return step({
    id: `step-${o.id}`,
    title: o.title,
    state: o.items.length === 0 ? 'none' : o.failed ? 'failed' : 'done',
    body:
      o.items.length === 0
        ? html`<p>${m.notReached}</p>`
        : table({
            id: o.id,
            caption: o.title,
            hideCaption: true,
            head: o.head,
            rows: o.items.map(o.row),
          }),
  });
}

function delivery(m: Messages, lang: Lang, r: RecipientDelivery): Html {
  const inbox = r.inbox
    ? r.inbox.ackedAt
      ? m.inboxAcked(formatInstant(r.inbox.ackedAt, lang))
      : m.inboxPending
    : undefined;
  const wh = r.webhook;
  return html`<div class="console-card">
    <h3 class="fr-h6">${r.agency}</h3>
    ${facts([
      [m.coordinates, position(m, r.coordinates)],
      ...(inbox ? ([[m.inbox, inbox]] as const) : []),
      ...(wh
        ? ([
            [
              m.webhook,
              html`<code>${wh.deliveryId}</code> ·
                ${badge(
                  wh.status === 'failed' ? 'error' : wh.status === 'delivered' ? 'success' : 'info',
                  m.webhookStatus[wh.status] ?? wh.status,
                )}`,
            ],
          ] as const)
        : []),
    ])}
    ${
      wh && wh.attempts.length > 0
        ? html`<ol class="console-attempts" aria-label="${m.attempts}">
            ${wh.attempts.map(
              (a) =>
                html`<li>
                  ${formatInstant(a.at, lang)} —
                  ${a.status === null ? m.attemptFailed : m.attemptOk(a.status)}${
                    a.error ? html` (<code>${a.error}</code>)` : ''
                  }
                </li>`,
            )}
          </ol>`
        : ''
    }
  </div>`;
}

export function flowBody(m: Messages, lang: Lang, f: Flow, traceUiUrl: string | null): Html {
  const notReached = html`<p>${m.notReached}</p>`;
  const ing = f.ingress;
  const via = ing ? (ing.via === 'http' ? m.viaHttp : m.viaKafka) : '';
  const steps: Html[] = [
    step({
      id: 'step-ingress',
      title: m.stepIngress,
      state: !ing ? 'none' : ing.outcome === 'accepted' ? 'done' : 'failed',
      body: ing
        ? html`${
            ing.outcome === 'accepted'
              ? badge('success', m.acceptedAt(via))
              : badge('error', m.rejectedAt(via))
          }
          ${facts([
            [m.colAgency, ing.agency],
            [m.colContract, ing.contract],
            [m.colAt, formatInstant(ing.at, lang)],
            ...(ing.reason
              ? ([
                  [m.reason, html`<code>${ing.reason.code}</code> — ${ing.reason.message}`],
                ] as const)
              : []),
            [m.coordinates, position(m, ing.coordinates)],
          ])}`
        : notReached,
    }),
    step({
      id: 'step-canonical',
      title: m.stepCanonical,
      state: f.canonical ? 'done' : 'none',
      body: f.canonical
        ? facts([
            [m.coordinates, position(m, f.canonical)],
            [m.colAt, formatInstant(f.canonical.at, lang)],
          ])
        : notReached,
    }),
    tableStep(m, {
      id: 'decisions',
      title: m.stepDecisions,
      items: f.decisions,
      head: [m.subscription, m.colAgency, m.decision, m.reason, m.legalBasis, m.purpose],
      row: (d) => [
        html`<code>${d.subscription}</code>`,
        d.agency,
        d.outcome === 'delivered' ? badge('success', m.delivered) : badge('warning', m.denied),
        d.reason ? html`<code>${d.reason}</code>` : '—',
        d.legalBasis ?? '—',
        d.purpose ?? '—',
      ],
    }),
    tableStep(m, {
      id: 'access',
      title: m.stepAccess,
      items: f.accessRecords,
      head: [m.recipient, m.legalBasis, m.purpose, m.fields, m.coordinates],
      row: (a) => [
        a.recipient,
        a.legalBasis,
        a.purpose,
        a.fields.join(', '),
        position(m, a.coordinates),
      ],
    }),
    step({
      id: 'step-deliveries',
      title: m.stepDeliveries,
      state: f.recipients.some((r) => r.webhook?.status === 'failed')
        ? 'failed'
        : f.recipients.length
          ? 'done'
          : 'none',
      body: f.recipients.length
        ? html`${f.recipients.map((r) => delivery(m, lang, r))}`
        : notReached,
    }),
    tableStep(m, {
      id: 'determinations',
      title: m.stepDeterminations,
      items: f.determinations,
      head: [m.decision, m.benefit, m.outcome, m.coordinates],
      row: (d) => [
        html`<code>${d.decisionId}</code>`,
        d.benefit,
        d.outcome,
        position(m, d.coordinates),
      ],
    }),
    tableStep(m, {
      id: 'notices',
      title: m.stepNotices,
      items: f.notices,
      head: [m.noticeId, m.decision, m.channel, m.status, m.coordinates],
      row: (n) => [
        html`<code>${n.noticeId}</code>`,
        html`<code>${n.decisionId}</code>`,
        n.channel,
        n.status,
        position(m, n.coordinates),
      ],
    }),
  ];
  if (f.deadLetters.length > 0) {
    steps.push(
      tableStep(m, {
        id: 'flow-dead-letters',
        title: m.stepDeadLetters,
        items: f.deadLetters,
        failed: true,
        head: [m.colOwner, m.colReason, m.colOrigin, m.colAttempts, m.colStatus],
        row: (d) => [
          d.owner,
          html`<code>${d.reason}</code><br />${d.error}`,
          d.origin ? position(m, { ...d.origin, at: d.deadLetteredAt }) : '—',
          String(d.attempts),
          statusBadge(m, d.status),
        ],
      }),
    );
  }
  return html`<h1 class="console-break">${m.flowTitle(f.eventId)}</h1>
    ${facts([
      [m.flowCitizen, f.citizen ? html`<code>${f.citizen}</code>` : m.none],
      [
        m.flowTrace,
        f.traceId
          ? f.traceUrl
            ? html`<a class="fr-link" href="${f.traceUrl}"><code>${f.traceId}</code></a>`
            : traceLink(m, traceUiUrl, f.traceId)
          : m.flowNoTrace,
      ],
    ])}
    <ol class="console-timeline">
      ${steps}
    </ol>`;
}
