// The access log's hash chains, one line per partition: intact or broken, and what is wrong.
import { formatInstant, formatNumber, html, type Html } from '@relais/web';
import { shortHash } from '../domain/format.ts';
import type { Lang, Messages } from '../domain/i18n.ts';
import type { AuditView } from '../domain/views.ts';
import { badge, table } from './layout.ts';

export function auditBody(m: Messages, lang: Lang, v: AuditView): Html {
  return html`<h1>${m.auditTitle}</h1>
    <p class="fr-text--lead">${m.auditLead}</p>
    <p class="fr-text--sm">${m.auditAt(formatInstant(v.at, lang))}</p>
    ${
      v.partitions.length === 0
        ? html`<p>${m.noPartitions}</p>`
        : table({
            id: 'chains',
            caption: m.auditTitle,
            hideCaption: true,
            head: [m.colTopic, m.colPartition, m.colRecords, m.colHead, m.colStatus, m.problems],
            rows: v.partitions.map((p) => [
              html`<code>${p.topic}</code>`,
              String(p.partition),
              formatNumber(p.records, lang),
              p.head ? html`<code title="${p.head}">${shortHash(p.head)}</code>` : '—',
              p.ok ? badge('success', m.chainOk) : badge('error', m.chainBroken),
              p.problems.length
                ? html`<ul class="console-problems">
                    ${p.problems.map((x) => html`<li><code>${x.kind}</code> — ${x.message}</li>`)}
                  </ul>`
                : '—',
            ]),
          })
    }`;
}
