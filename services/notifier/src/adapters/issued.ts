// The `EntitlementNoticeIssued` event (v2) published for each channel's final status: the
// operators' and the funnel's record of what was sent where.
import type { ConsentId } from '@relais/contracts';
import type { Pseudonym } from '@relais/identity';
import { envelopeToHeaders, type AvroSerde, type RelaisProducer } from '@relais/kit';
import type { DeliveryOutcome } from '../channels/deliver.ts';
import type { BilingualNotice, Language } from '../domain/types.ts';

export const NOTICE_CONTRACT = 'fr.gouv.relais.EntitlementNoticeIssued';

export interface IssuedNotice {
  notice: BilingualNotice;
  pseudonym: Pseudonym;
  period: string;
  consentId: ConsentId | undefined;
}

export function issuedPublisher(deps: {
  producer: RelaisProducer;
  serde: AvroSerde;
  schemaId: number;
  topic: string;
  now: () => Date;
  count: (channel: string, status: string) => void;
}) {
  /** Resolves with the record's offset on relais.notices (its partition is the citizen's). */
  return async (
    p: IssuedNotice,
    outcome: DeliveryOutcome,
    language: Language,
  ): Promise<number | undefined> => {
    deps.count(outcome.channel, outcome.status);
    const issuedAt = deps.now();
    const [meta] = await deps.producer.send(deps.topic, [
      {
        key: p.pseudonym,
        value: await deps.serde.encode(deps.schemaId, {
          noticeId: p.notice.noticeId,
          decisionId: p.notice.decisionId,
          benefit: p.notice.benefit,
          period: p.period,
          channel: outcome.channel,
          language,
          status: outcome.status,
          issuedAt,
        }),
        headers: envelopeToHeaders({
          specversion: '1.0',
          id: `${p.notice.noticeId}.${outcome.channel}.${outcome.status}`,
          source: 'urn:relais:agency:relais',
          type: NOTICE_CONTRACT,
          time: issuedAt.toISOString(),
          datacontenttype: 'application/avro',
          purpose: 'proactive-eligibility',
          legalbasis: 'consent',
          ...(p.consentId ? { consentid: p.consentId } : {}),
        }),
      },
    ]);
    return meta?.baseOffset === undefined ? undefined : Number(meta.baseOffset);
  };
}

/** The event id of a channel's final status: `<notice>.<channel>.<status>`. */
export function parseIssuedId(
  id: string,
): { noticeId: string; channel: string; status: string } | undefined {
  const [noticeId, channel, status, ...rest] = id.split('.');
  return noticeId && channel && status && !rest.length ? { noticeId, channel, status } : undefined;
}
