// The assistant's records source for a signed-in citizen: the same calls, with the same token and
// the same checks as the pages — the consent service and the notifier answer for this citizen's
// pseudonym only, and health or disability data is left out below eidas2 exactly as on
// /consents and /access-log. Reading a notice's text goes through the same call as /notices/:id,
// so the notifier counts it opened: the citizen read its explanation. When counter agents act
// under a mandate (issue 15), a source scoped by the mandate implements the same interface.
import type { RecordsSource } from '@relais/assistant';
import { STEP_UP_LEVEL, touchesSensitive } from '../domain/levels.ts';
import type { Labels } from '@relais/web';
import type { CitizenVisit } from '../routes/web.ts';
import { reaches } from '../domain/levels.ts';
import type { CitizenApi } from './citizen-api.ts';

export function citizenRecords(
  api: CitizenApi,
  c: Pick<CitizenVisit, 'caller' | 'labels'>,
): RecordsSource {
  const seesSensitive = reaches(c.caller.acr, STEP_UP_LEVEL);
  const labels: Labels = c.labels;
  return {
    async consents() {
      const all = await api.consents(c.caller);
      return (seesSensitive ? all : all.filter((x) => !touchesSensitive(x.categories))).map(
        (x) => ({
          id: x.id,
          purpose: x.purpose,
          recipient: x.recipient,
          categories: x.categories,
          grantedAt: x.grantedAt,
          expiresAt: x.expiresAt,
          revokedAt: x.revokedAt,
          status: x.status,
        }),
      );
    },
    async accessLog() {
      const all = (await api.accessLog(c.caller)).map((e) => ({
        accessId: e.accessId,
        eventId: e.eventId,
        recipient: e.recipient,
        contract: e.contract,
        fields: e.fields,
        categories: labels.categoriesOf(e.contract, e.fields),
        legalBasis: e.legalBasis,
        consentId: e.consentId,
        purpose: e.purpose,
        recordedAt: e.recordedAt,
      }));
      const entries = seesSensitive ? all : all.filter((e) => !touchesSensitive(e.categories));
      return { entries, hidden: all.length - entries.length };
    },
    async notices() {
      return (await api.notices(c.caller)).map((n) => ({
        noticeId: n.noticeId,
        benefit: n.benefit,
        period: n.period,
        subject: n.subject,
        createdAt: n.createdAt,
        openedAt: n.openedAt,
        claimedAt: n.claimedAt,
      }));
    },
    async noticeText(noticeId) {
      const n = await api.notice(c.caller, noticeId);
      return n ? { noticeId: n.noticeId, text: n.text } : undefined;
    },
  };
}
