// Lag and throughput: per consumer group and partition (Kafka's admin API), records per second per
// topic, and the services' own counters. Refreshed by a link, or — progressive enhancement, off by
// default — by a small script that replaces the figures in place every N seconds without
// announcing itself, and never while the keyboard's focus is inside them (pages/refresh-script.ts).
import { formatInstant, formatNumber, html, type Html } from '@relais/web';
import type { Lang, Messages } from '../domain/i18n.ts';
import type { LagView } from '../domain/views.ts';
import { badge, table } from './layout.ts';

function groups(m: Messages, lang: Lang, v: LagView): Html {
  if (v.groups.length === 0) return html`<p>${m.noGroups}</p>`;
  const n = (x: number) => formatNumber(x, lang);
  return html`${table({
    id: 'groups',
    caption: m.groupsTitle,
    hideCaption: true,
    head: [m.colGroup, m.colState, m.colMembers, m.colTotalLag],
    rows: v.groups.map((g) => [
      html`<a class="fr-link" href="#group-${g.group}"><code>${g.group}</code></a>`,
      g.state,
      n(g.members),
      g.totalLag > 0 ? badge('warning', n(g.totalLag)) : n(g.totalLag),
    ]),
  })}
  ${v.groups.map((g) =>
    table({
      id: `group-${g.group}`,
      caption: m.partitionsOf(g.group),
      head: [m.colTopic, m.colPartition, m.colCommitted, m.colEnd, m.colLag],
      rows: g.partitions.map((p) => [
        html`<code>${p.topic}</code>`,
        String(p.partition),
        p.committed ?? '—',
        p.end,
        n(p.lag),
      ]),
    }),
  )}`;
}

function services(m: Messages, lang: Lang, v: LagView): Html {
  return html`${v.services.map(
    (s) =>
      html`<details class="console-details">
        <summary>${s.service} ${s.error ? badge('error', m.unreadable) : ''}</summary>
        ${s.error ? html`<p class="fr-error-text">${m.counterError(s.error)}</p>` : ''}
        ${table({
          id: `counters-${s.service}`,
          caption: `${m.countersTitle} — ${s.service}`,
          hideCaption: true,
          head: [m.colCounter, m.colValue],
          rows: Object.entries(s.counters)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, value]) => [html`<code>${k}</code>`, formatNumber(value, lang, 3)]),
        })}
      </details>`,
  )}`;
}

export function lagBody(m: Messages, lang: Lang, v: LagView, o: { refreshSeconds: number }): Html {
  return html`<h1>${m.lagTitle}</h1>
    <p class="fr-text--lead">${m.lagLead}</p>
    <div class="relais-actions fr-mb-3w">
      <a class="fr-btn fr-btn--secondary fr-btn--sm" href="/lag">${m.refreshNow}</a>
      <div
        class="fr-checkbox-group fr-checkbox-group--sm"
        data-refresh="${o.refreshSeconds}"
        hidden
      >
        <input type="checkbox" id="auto-refresh" aria-describedby="auto-refresh-hint" />
        <label class="fr-label" for="auto-refresh"
          >${m.refreshAuto(o.refreshSeconds)}<span class="fr-hint-text" id="auto-refresh-hint"
            >${m.refreshAutoHint}</span
          ></label
        >
      </div>
    </div>
    <div id="lag-data">
      <p class="fr-text--sm" id="refreshed">${m.lagAt(formatInstant(v.at, lang))}</p>
      <h2>${m.groupsTitle}</h2>
      ${groups(m, lang, v)}
      <h2>${m.throughputTitle}</h2>
      ${table({
        id: 'throughput',
        caption: m.throughputTitle,
        hideCaption: true,
        head: [m.colTopic, m.colPerSecond],
        rows: v.throughput.map((t) => [
          html`<code>${t.topic}</code>`,
          t.perSecond === null ? m.firstSample : formatNumber(t.perSecond, lang, 2),
        ]),
      })}
      <h2>${m.countersTitle}</h2>
      ${services(m, lang, v)}
    </div>`;
}
