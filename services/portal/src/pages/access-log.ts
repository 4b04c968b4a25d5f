// Who received my data: each delivery (who, which information, when, on which basis, under which
// consent), and one delivery with the check of its hash-chain proof.
import type { AccessEntry, AccessProof, Consent } from '../adapters/citizen-api.ts';
import { formatDate, formatDateTime, type Lang } from '../domain/format.ts';
import type { Messages } from '../domain/i18n.ts';
import type { Labels } from '@relais/web';
import type { Check, InclusionView, ProofCheck } from '../domain/proof.ts';
import { html, type Html } from './html.ts';
import { stepUpCallout } from './layout.ts';

const who = (l: Labels, e: AccessEntry) => e.recipient.name ?? l.recipient(e.recipient.id);

function basis(m: Messages, lang: Lang, l: Labels, e: AccessEntry, consents: Map<string, Consent>) {
  if (e.legalBasis !== 'consent') return l.basis(e.legalBasis);
  const c = e.consentId ? consents.get(e.consentId) : undefined;
  return c ? m.accessUnderConsent(formatDate(c.grantedAt, lang)) : m.accessConsentGone;
}

function entryDetails(
  m: Messages,
  lang: Lang,
  l: Labels,
  e: AccessEntry,
  consents: Map<string, Consent>,
): Html {
  return html`<dl class="portal-facts">
    <dt>${m.colWhen}</dt>
    <dd>${formatDateTime(e.recordedAt, lang)}</dd>
    <dt>${m.colFields}</dt>
    <dd>${l.contract(e.contract)}${m.colon}${e.fields.map(l.field).join(', ')}</dd>
    <dt>${m.colPurpose}</dt>
    <dd>${l.purpose(e.purpose)}</dd>
    <dt>${m.colBasis}</dt>
    <dd>${basis(m, lang, l, e, consents)}</dd>
  </dl>`;
}

export function accessLogBody(
  m: Messages,
  lang: Lang,
  l: Labels,
  o: { entries: AccessEntry[]; hidden: number; consents: Map<string, Consent> },
): Html {
  return html`<h1>${m.accessTitle}</h1>
    <p class="fr-text--lead">${m.accessLead}</p>
    ${o.hidden ? stepUpCallout(m, m.stepUpHidden(o.hidden), '/access-log') : ''}
    ${
      o.entries.length
        ? html`<ul class="portal-list">
            ${o.entries.map(
              (e) =>
                html`<li class="portal-item">
                  <h2 class="fr-h6 fr-mb-1w">${who(l, e)}</h2>
                  ${entryDetails(m, lang, l, e, o.consents)}
                  <a
                    class="fr-link fr-link--sm"
                    href="/access-log/${e.accessId}"
                    title="${m.accessVerifyFor(`${who(l, e)}, ${formatDateTime(e.recordedAt, lang)}`)}"
                    >${m.accessVerify}</a
                  >
                </li>`,
            )}
          </ul>`
        : html`<p>${m.accessNone}</p>`
    }`;
}

function line(check: Check, ok: string, none: string, bad: string): Html {
  const [cls, text] =
    check === 'ok'
      ? ['fr-badge--success', ok]
      : check === 'none'
        ? ['fr-badge--info', none]
        : ['fr-badge--error', bad];
  return html`<li>
    <p class="fr-badge fr-badge--sm fr-badge--no-icon ${cls} fr-mr-1w">
      ${check === 'bad' ? '✗' : '✓'}
    </p>
    ${text}
  </li>`;
}

export function accessDetailBody(
  m: Messages,
  lang: Lang,
  l: Labels,
  o: {
    proof: AccessProof;
    check: ProofCheck;
    inclusion: InclusionView | null;
    consents: Map<string, Consent>;
  },
): Html {
  const { proof, check } = o;
  const e = proof.entry;
  return html`<h1>${m.accessDetailTitle}</h1>
    <h2 class="fr-h5">${who(l, e)}</h2>
    ${entryDetails(m, lang, l, e, o.consents)}
    <section class="portal-proof fr-mt-4w" aria-labelledby="proof-title">
      <h2 id="proof-title" class="fr-h5">${m.proofTitle}</h2>
      ${
        check.chained
          ? html`<p
                class="fr-badge ${check.valid ? 'fr-badge--success' : 'fr-badge--error'}"
                id="proof-status"
              >
                ${check.valid ? m.proofValid : m.proofInvalid}
              </p>
              <p>${m.proofLead}</p>
              <ul class="portal-checks">
                ${line(check.content, m.proofContent, m.proofContent, m.proofContentBad)}
                ${line(check.previous, m.proofPrevious, m.proofPreviousFirst, m.proofPreviousBad)}
                ${line(check.next, m.proofNext, m.proofNextNone, m.proofNextBad)}
              </ul>
              <details class="fr-mt-2w">
                <summary>${m.proofDetails}</summary>
                <p class="fr-text--sm">${m.proofHowTo}</p>
                <dl class="portal-facts">
                  <dt>${m.proofPosition}</dt>
                  <dd class="portal-hash">
                    relais.access-log/${proof.link.partition}@${proof.link.offset}
                  </dd>
                  <dt>${m.proofPreviousHash}</dt>
                  <dd class="portal-hash">${proof.link.previousHash ?? '—'}</dd>
                  <dt>${m.proofHash}</dt>
                  <dd class="portal-hash">${proof.link.hash ?? '—'}</dd>
                  <dt>${m.proofHead}</dt>
                  <dd class="portal-hash">${proof.head.hash ?? '—'} (@${proof.head.offset})</dd>
                </dl>
                <p class="fr-text--sm fr-mb-1w">${m.proofCanonical}</p>
                <pre>${check.canonical}</pre>
              </details>`
          : html`<p>${m.proofUnchained}</p>`
      }
    </section>
    ${inclusionSection(m, lang, proof, o.inclusion)}
    <p class="fr-mt-4w"><a class="fr-link" href="/access-log">${m.back}</a></p>`;
}

/** The record's place in a register Relais signed: checkable with Relais' public key alone. */
function inclusionSection(
  m: Messages,
  lang: Lang,
  proof: AccessProof,
  v: InclusionView | null,
): Html {
  return html`<section class="portal-proof fr-mt-4w" aria-labelledby="signed-title">
    <h2 id="signed-title" class="fr-h5">${m.signedTitle}</h2>
    ${
      v
        ? html`<p
              class="fr-badge ${v.valid ? 'fr-badge--success' : 'fr-badge--error'}"
              id="signed-status"
            >
              ${v.valid ? m.signedValid : m.signedInvalid}
            </p>
            <p>${m.signedLead}</p>
            <ul class="portal-checks">
              ${line(
                v.signed,
                v.issuedAt ? m.signedBy(formatDateTime(v.issuedAt, lang)) : m.signedByBad,
                '',
                m.signedByBad,
              )}
              ${line(v.leaf, m.signedLeaf, '', m.signedLeafBad)}
              ${line(v.path, m.signedPath(v.pathLength, v.treeSize), '', m.signedPathBad)}
            </ul>`
        : html`<p id="signed-status">${m.signedPending}</p>`
    }
    <p class="fr-text--sm fr-mt-2w">${m.signedHowTo}</p>
    <p>
      <a
        class="fr-link fr-link--download"
        href="/access-log/${proof.entry.accessId}/proof.json"
        download
        >${m.signedDownload}</a
      >
    </p>
  </section>`;
}
