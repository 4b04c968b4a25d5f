// The agent's home: the citizens they may act for — the active mandates of their structure only,
// no search across citizens — each opened by its mandate. And the welcome page before sign-in.
import { formatDate, html, type Html } from '@relais/web';
import type { MandateView } from '../adapters/counter-api.ts';
import type { Agent } from '../domain/agent.ts';
import { notice, table, type PageContext, type PageOptions } from './layout.ts';

export function homePage(
  ctx: PageContext,
  agent: Agent,
  mandates: readonly MandateView[],
  flash?: string,
): PageOptions {
  const { m, lang } = ctx;
  const body: Html = html`<h1>${m.homeTitle}</h1>
    ${flash ? notice(flash) : ''}
    <p class="fr-text--lead">${m.homeLead(agent.structure.name)}</p>
    ${
      mandates.length
        ? table({
            id: 'mandates',
            caption: m.homeTitle,
            head: [m.colCitizen, m.colScopes, m.colCreated, m.colUntil, m.colAction],
            rows: mandates.map((x) => [
              m.citizenWithout(formatDate(x.createdAt, lang)),
              m.scopeList(x.scopes),
              formatDate(x.createdAt, lang),
              formatDate(x.expiresAt, lang),
              html`<a class="fr-link" href="/mandates/${x.mandateId}"
                >${m.open}<span class="fr-sr-only">
                  — ${m.citizenWithout(formatDate(x.createdAt, lang))}</span
                ></a
              >`,
            ]),
          })
        : html`<p>${m.noMandates}</p>`
    }
    <p><a class="fr-btn" href="/mandates/new">${m.navNew}</a></p>`;
  return { title: m.homeTitle, body };
}

export function welcomePage(ctx: PageContext): PageOptions {
  const { m } = ctx;
  return {
    title: m.welcomeTitle,
    body: html`<h1>${m.welcomeTitle}</h1>
      <p class="fr-text--lead">${m.welcomeLead}</p>
      <p>${m.welcomeHow}</p>
      <p><a class="fr-btn" href="/login">${m.signIn}</a></p>`,
  };
}
