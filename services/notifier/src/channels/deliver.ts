// Delivering a notice on each channel the citizen chose, with a status per channel: in-app (kept
// for the portal), e-mail (SMTP), postal letter (a PDF in the print queue). Transient e-mail
// failures stay PENDING and are retried; a permanent refusal or too many attempts is FAILED. The
// final status is the caller's to record, after it published it (send.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { NoticeId } from '@relais/contracts';
import type { Pseudonym } from '@relais/identity';
import type { Logger } from '@relais/kit';
import type { NotifierStore } from '../adapters/store.ts';
import type { Channel, DeliveryStatus, Preferences } from '../domain/preferences.ts';
import type { BilingualNotice } from '../domain/types.ts';
import { sendNotice, type Mailer } from './email.ts';
import { renderLetter } from './letter.ts';

export const MAX_EMAIL_ATTEMPTS = 5;

export interface DeliveryOutcome {
  channel: Channel;
  status: DeliveryStatus;
  detail: string;
  /** When it was delivered (a letter's date): what its status records. */
  at?: string;
}

export interface ChannelDeps {
  store: Pick<NotifierStore, 'setDelivery'>;
  mailer: Mailer | undefined;
  lettersDir: string;
  logger: Logger;
  now: () => Date;
}

/** One PENDING channel of a notice, with the preferences it goes by and the attempts so far. */
export interface PendingChannel {
  noticeId: NoticeId;
  notice: BilingualNotice;
  channel: Channel;
  prefs: Preferences;
  attempts: number;
}

/**
 * Sends one PENDING channel; returns the outcome when it is final (SENT or FAILED), not recorded
 * yet; a transient e-mail failure is recorded PENDING (one attempt more) and returns undefined.
 */
export async function deliverChannel(
  deps: ChannelDeps,
  pending: PendingChannel,
): Promise<DeliveryOutcome | undefined> {
  const { store, logger } = deps;
  const { noticeId, notice, channel, prefs, attempts } = pending;
  const at = deps.now().toISOString();
  let outcome: DeliveryOutcome | undefined;
  if (channel === 'PORTAL') {
    outcome = { channel, status: 'SENT', detail: "in the citizen's space" };
  } else if (channel === 'EMAIL') {
    if (!deps.mailer || !prefs.email) {
      outcome = { channel, status: 'FAILED', detail: 'no mail server or no address' };
    } else {
      const r = await sendNotice(deps.mailer, prefs.email, notice);
      if (r.status === 'accepted') outcome = { channel, status: 'SENT', detail: r.response };
      else if (r.permanent || attempts + 1 >= MAX_EMAIL_ATTEMPTS)
        outcome = { channel, status: 'FAILED', detail: r.reason };
      else {
        await store.setDelivery(noticeId, channel, 'PENDING', r.reason, at);
        logger.warn({ notice: notice.noticeId, code: r.code }, 'e-mail not accepted; will retry');
        return undefined;
      }
    }
  } else {
    const address = prefs.postalAddress;
    if (!address) outcome = { channel, status: 'FAILED', detail: 'no postal address' };
    else {
      const pdf = await renderLetter(
        notice,
        { name: address.name, addressLines: address.lines },
        { reference: notice.noticeId, date: at.slice(0, 10) },
      );
      mkdirSync(deps.lettersDir, { recursive: true });
      const file = path.join(deps.lettersDir, `${notice.noticeId}.pdf`);
      writeFileSync(file, pdf);
      outcome = {
        channel,
        status: 'SENT',
        detail: `print queue: letters/${notice.noticeId}.pdf (${pdf.length} bytes)`,
      };
    }
  }
  return { ...outcome, at };
}

/**
 * A letter printed by another instance, or before this data dir was lost: rendered again from
 * the notice, the date its status recorded and the citizen's postal address now (the same bytes
 * as long as the address did not change).
 */
export async function reprintLetter(
  deps: {
    store: Pick<NotifierStore, 'notice' | 'deliveries'>;
    address: (pseudonym: Pseudonym) => Preferences['postalAddress'];
  },
  noticeId: NoticeId,
): Promise<Buffer | undefined> {
  const n = deps.store.notice(noticeId);
  const sent = deps.store
    .deliveries(noticeId)
    .find((d) => d.channel === 'POSTAL_LETTER' && d.status === 'SENT');
  const address = n && deps.address(n.pseudonym);
  if (!n || !sent || !address) return undefined;
  const { notice } = JSON.parse(n.entitlement) as { notice: BilingualNotice };
  return renderLetter(
    notice,
    { name: address.name, addressLines: address.lines },
    { reference: notice.noticeId, date: sent.updated_at.slice(0, 10) },
  );
}
