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
    step({
      id: 'step-decisions',
      title: m.stepDecisions,
      state: f.decisions.length ? 'done' : 'none',
      body: f.decisions.length
        ? table({
            id: 'decisions',
            caption: m.stepDecisions,
            hideCaption: true,
            head: [m.subscription, m.colAgency, m.decision, m.reason, m.legalBasis, m.purpose],
            rows: f.decisions.map((d) => [
              html`<code>${d.subscription}</code>`,
              d.agency,
              d.outcome === 'delivered'
                ? badge('success', m.delivered)
                : badge('warning', m.denied),
              d.reason ? html`<code>${d.reason}</code>` : '—',
              d.legalBasis ?? '—',
              d.purpose ?? '—',
            ]),
          })
        : notReached,
    }),
    step({
      id: 'step-access',
      title: m.stepAccess,
      state: f.accessRecords.length ? 'done' : 'none',
      body: f.accessRecords.length
        ? table({
            id: 'access',
            caption: m.stepAccess,
            hideCaption: true,
            head: [m.recipient, m.legalBasis, m.purpose, m.fields, m.coordinates],
            rows: f.accessRecords.map((a) => [
              a.recipient,
              a.legalBasis,
              a.purpose,
              a.fields.join(', '),
              position(m, a.coordinates),
            ]),
          })
        : notReached,
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
    step({
      id: 'step-determinations',
      title: m.stepDeterminations,
      state: f.determinations.length ? 'done' : 'none',
      body: f.determinations.length
        ? table({
            id: 'determinations',
            caption: m.stepDeterminations,
            hideCaption: true,
            head: [m.decision, m.benefit, m.outcome, m.coordinates],
            rows: f.determinations.map((d) => [
              html`<code>${d.decisionId}</code>`,
              d.benefit,
              d.outcome,
              position(m, d.coordinates),
            ]),
          })
        : notReached,
    }),
    step({
      id: 'step-notices',
      title: m.stepNotices,
      state: f.notices.length ? 'done' : 'none',
      body: f.notices.length
        ? table({
            id: 'notices',
            caption: m.stepNotices,
            hideCaption: true,
            head: [m.noticeId, m.decision, m.channel, m.status, m.coordinates],
            rows: f.notices.map((n) => [
              html`<code>${n.noticeId}</code>`,
              html`<code>${n.decisionId}</code>`,
              n.channel,
              n.status,
              position(m, n.coordinates),
            ]),
          })
        : notReached,
    }),
  ];
  if (f.deadLetters.length > 0) {
    steps.push(
      step({
        id: 'step-dead-letters',
        title: m.stepDeadLetters,
        state: 'failed',
        body: table({
          id: 'flow-dead-letters',
          caption: m.stepDeadLetters,
          hideCaption: true,
          head: [m.colOwner, m.colReason, m.colOrigin, m.colAttempts, m.colStatus],
          rows: f.deadLetters.map((d) => [
            d.owner,
            html`<code>${d.reason}</code><br />${d.error}`,
            d.origin ? position(m, { ...d.origin, at: d.deadLetteredAt }) : '—',
            String(d.attempts),
            statusBadge(m, d.status),
          ]),
        }),
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
