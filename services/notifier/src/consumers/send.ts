// Use case: deliver every channel due (PENDING, past its retry delay) — after a notice is
// recorded, at start, on a timer, when a partition becomes this instance's — and publish each
// final status (`EntitlementNoticeIssued`), then record it on the book: a crash between the two
// publishes it again (same event id) rather than never.
// One sweep at a time; a wake-up during a sweep runs another after it, so a notice recorded
// meanwhile is not left for the timer.
import type { ConsentId } from '@relais/contracts';
import type { Pseudonym } from '@relais/identity';
import type { Clock, Logger } from '@relais/kit';
import type { IssuedNotice } from '../adapters/issued.ts';
import type { NotifierStore } from '../adapters/store.ts';
import { deliverChannel, type DeliveryOutcome } from '../channels/deliver.ts';
import type { Mailer } from '../channels/email.ts';
import { defaultPreferences, type Preferences } from '../domain/preferences.ts';
import type { BilingualNotice, Language } from '../domain/types.ts';

export interface SendDeps {
  store: Pick<NotifierStore, 'pending' | 'notice' | 'setDelivery'>;
  preferences: { get(pseudonym: Pseudonym): Preferences | undefined };
  mailer: Mailer | undefined;
  lettersDir: string;
  logger: Logger;
  clock: Clock;
  /** Publishes a channel's final status. */
  publishIssued: (
    notice: IssuedNotice,
    outcome: DeliveryOutcome,
    language: Language,
  ) => Promise<void>;
}

/** Delivers every channel due now. */
export async function sendPending({ deps }: { deps: SendDeps }): Promise<void> {
  const { store, clock } = deps;
  for (const row of store.pending(clock.now())) {
    const n = store.notice(row.notice_id);
    if (!n) continue;
    const saved = JSON.parse(n.entitlement) as { consentId?: ConsentId; notice: BilingualNotice };
    const prefs = deps.preferences.get(n.pseudonym) ?? defaultPreferences(n.created_at);
    const outcome = await deliverChannel(
      {
        store,
        mailer: deps.mailer,
        lettersDir: deps.lettersDir,
        logger: deps.logger,
        now: () => clock.now(),
      },
      {
        noticeId: n.notice_id,
        notice: saved.notice,
        channel: row.channel,
        prefs,
        attempts: row.attempts,
      },
    );
    if (!outcome) continue;
    await deps.publishIssued(
      {
        notice: saved.notice,
        pseudonym: n.pseudonym,
        period: n.period,
        consentId: saved.consentId,
      },
      outcome,
      n.language as Language,
    );
    await store.setDelivery(
      n.notice_id,
      outcome.channel,
      outcome.status,
      outcome.detail,
      outcome.at ?? clock.now().toISOString(),
    );
  }
}

export interface Sender {
  /** Runs a sweep now, or another after the one running; resolves when it is done. */
  wake(): Promise<void>;
  /** Resolves when no sweep runs. */
  settled(): Promise<void>;
}

export function createSender(deps: SendDeps): Sender {
  let sweeping: Promise<void> | undefined;
  let again = false;
  const wake = (): Promise<void> => {
    if (sweeping) {
      again = true;
      return sweeping;
    }
    sweeping = (async () => {
      do {
        again = false;
        await sendPending({ deps });
      } while (again);
    })()
      .catch((err: unknown) => deps.logger.error({ err }, 'sending notices failed; retried later'))
      .finally(() => {
        sweeping = undefined;
      });
    return sweeping;
  };
  return {
    wake,
    settled: async () => {
      await sweeping;
    },
  };
}
