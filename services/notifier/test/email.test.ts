// A notice sent through nodemailer to a real SMTP server running in another process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type SmtpServerHandle } from '@relais/testkit/mail';
import { createMailer, noticeMessageId, sendNotice, type Mailer } from '../src/channels/email.ts';
import { composeBilingual } from '../src/domain/notice.ts';
import { cssWithContribution, links } from './support/fixtures.ts';

let smtp: SmtpServerHandle;
let mailer: Mailer;

beforeAll(async () => {
  smtp = await startSmtpServer({ rejectRecipientsContaining: 'unknown-mailbox' });
  mailer = createMailer({
    host: smtp.host,
    port: smtp.port,
    from: 'Relais <ne-pas-repondre@relais.example.gouv.fr>',
    timeoutMs: 5_000,
  });
});

afterAll(async () => {
  mailer?.close();
  await smtp?.stop();
});

const plain = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ');

describe('sendNotice', () => {
  it('delivers both languages, French subject first, with a Message-ID from the notice id', async () => {
    const notice = composeBilingual(cssWithContribution, 'FR', links, { noticeId: 'ntc-0001' });
    const result = await sendNotice(mailer, 'amelie@example.fr', notice);
    expect(result).toMatchObject({
      status: 'accepted',
      messageId: '<notice.ntc-0001@relais.example.gouv.fr>',
      accepted: ['amelie@example.fr'],
    });
    if (result.status === 'accepted') expect(result.response).toMatch(/^250 /);

    const [message] = await smtp.waitForMessages(1);
    expect(message).toBeDefined();
    if (!message) return;
    expect(message.subject).toBe(
      'Vous avez probablement droit à la Complémentaire santé solidaire (CSS)',
    );
    expect(message.messageId).toBe('<notice.ntc-0001@relais.example.gouv.fr>');
    expect(message.from?.address).toBe('ne-pas-repondre@relais.example.gouv.fr');
    expect(message.to?.[0]?.address).toBe('amelie@example.fr');
    // multipart/alternative: a text part and an HTML part.
    expect(message.raw).toMatch(/Content-Type: multipart\/alternative/i);
    const text = plain(message.text);
    expect(text).toContain(
      'Vous paieriez une participation d’environ 28 € par mois pour votre foyer.',
    );
    expect(text).toContain('You would pay a contribution of about €28 a month for your household.');
    expect(text.indexOf('Bonjour,')).toBeLessThan(text.indexOf('Hello,'));
    const html = message.html ?? '';
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('lang="en" id="notice-en"');
    expect(plain(html)).toContain('15 508,50 € pour 2 personnes');
    // How to stop, also as a header mail clients understand.
    const header = (k: string) => message.headers.find((h) => h.key === k)?.value;
    expect(header('list-unsubscribe')).toBe(`<${links.preferencesUrl}>`);
    expect(header('x-relais-notice-id')).toBe('ntc-0001');
    expect(header('content-language')).toBe('fr, en');
    expect(header('auto-submitted')).toBe('auto-generated');
  });

  it('sends the same Message-ID again for the same notice, and the English subject when preferred', async () => {
    const before = (await smtp.messages()).length;
    const notice = composeBilingual(cssWithContribution, 'EN', links, { noticeId: 'ntc-0002' });
    const a = await sendNotice(mailer, 'john@example.org', notice);
    const b = await sendNotice(mailer, 'john@example.org', notice);
    expect(a.status).toBe('accepted');
    expect(b.messageId).toBe(a.messageId);
    const got = (await smtp.waitForMessages(before + 2)).slice(before);
    expect(got.map((m) => m.messageId)).toEqual([
      '<notice.ntc-0002@relais.example.gouv.fr>',
      '<notice.ntc-0002@relais.example.gouv.fr>',
    ]);
    expect(got[0]?.subject).toBe(
      'You are probably entitled to the Complémentaire santé solidaire (CSS)',
    );
    expect(plain(got[0]?.text).indexOf('Hello,')).toBeLessThan(
      plain(got[0]?.text).indexOf('Bonjour,'),
    );
  });

  it('returns a refused recipient as a permanent rejection', async () => {
    const notice = composeBilingual(cssWithContribution, 'FR', links, { noticeId: 'ntc-0003' });
    const result = await sendNotice(mailer, 'unknown-mailbox@example.fr', notice);
    expect(result).toMatchObject({
      status: 'rejected',
      messageId: '<notice.ntc-0003@relais.example.gouv.fr>',
      responseCode: 550,
      permanent: true,
      rejected: ['unknown-mailbox@example.fr'],
    });
  });

  it('returns an unreachable server as a transient rejection', async () => {
    const down = await startSmtpServer();
    const port = down.port;
    await down.stop();
    const m = createMailer({
      host: '127.0.0.1',
      port,
      from: 'relais@example.gouv.fr',
      timeoutMs: 2_000,
    });
    try {
      const notice = composeBilingual(cssWithContribution, 'FR', links, { noticeId: 'ntc-0004' });
      const result = await sendNotice(m, 'amelie@example.fr', notice);
      expect(result.status).toBe('rejected');
      if (result.status === 'rejected') {
        expect(result.permanent).toBe(false);
        expect(result.code).toBeDefined();
      }
    } finally {
      m.close();
    }
  });

  it('makes a Message-ID safe from any notice id', () => {
    expect(noticeMessageId('a b<c>@d', 'relais.example')).toBe('<notice.a-b-c--d@relais.example>');
  });
});
