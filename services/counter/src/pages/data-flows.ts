// Who received the citizen's data (scope DATA_FLOWS): the access log the portal shows them —
// to whom, which event and data, for what purpose, when — read under the mandate.
import { formatDateTime, html, type Labels } from '@relais/web';
import type { AccessEntry } from '../adapters/counter-api.ts';
import { table, type PageContext, type PageOptions } from './layout.ts';

export function dataFlowsPage(
  ctx: PageContext,
  o: { mandateId: string; flows: readonly AccessEntry[]; words: Labels },
): PageOptions {
  const { m, lang } = ctx;
  return {
    title: m.flowsPageTitle,
    body: html`<h1>${m.flowsPageTitle}</h1>
      <p class="fr-text--lead">${m.flowsLead}</p>
      ${
        o.flows.length
          ? table({
              id: 'flows',
              caption: m.flowsPageTitle,
              head: [m.colRecipient, m.colContract, m.colFields, m.colPurpose, m.colDate],
              rows: o.flows.map((f) => [
                o.words.recipient(f.recipient),
                o.words.contract(f.contract),
                f.fields.map((x) => o.words.field(x)).join(', '),
                o.words.purpose(f.purpose),
                formatDateTime(f.recordedAt, lang),
              ]),
            })
          : html`<p>${m.noFlows}</p>`
      }
      <p class="fr-mt-4w">
        <a class="fr-link" href="/mandates/${o.mandateId}">${m.backToFile}</a>
      </p>`,
  };
}
