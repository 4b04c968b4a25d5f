// A notice by e-mail through SMTP (nodemailer): multipart text + HTML, both languages, the
// preferred language's subject, and a Message-ID derived from the notice id so a resend of the
// same notice is recognisable (by the service's log, and by mail clients that thread on it).
// Failures come back as a value, never a throw: the caller records the delivery status.
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { BilingualNotice } from '../domain/types.ts';

export interface MailerConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  auth?: { user: string; pass: string };
  /** The sender, e.g. `Relais <ne-pas-repondre@relais.gouv.fr>`. */
  from: string;
  /** Refuse to send without STARTTLS. */
  requireTLS?: boolean;
  /** Never use STARTTLS (a local relay or a test server). */
  ignoreTLS?: boolean;
  /** Connection, greeting and socket timeout; 30 s by default. */
  timeoutMs?: number;
}

export interface Mailer {
  transport: Transporter<SMTPTransport.SentMessageInfo>;
  from: string;
  /** The sender's domain: the right-hand side of every Message-ID. */
  domain: string;
  close(): void;
}

export type SendResult =
  | {
      status: 'accepted';
      messageId: string;
      /** The server's final answer, e.g. `250 OK: message queued`. */
      response: string;
      accepted: string[];
    }
  | {
      status: 'rejected';
      messageId: string;
      reason: string;
      /** SMTP reply code when the server answered (550, 451…). */
      responseCode?: number;
      /** nodemailer's error code (`EENVELOPE`, `ECONNECTION`, `ETIMEDOUT`…). */
      code?: string;
      /** A 5xx answer: sending again will not help. Otherwise a later retry may succeed. */
      permanent: boolean;
      rejected: string[];
    };

function domainOf(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.split('@')[1]?.trim().toLowerCase();
  return domain && /^[a-z0-9.-]+$/.test(domain) ? domain : 'relais.invalid';
}

export function createMailer(config: MailerConfig): Mailer {
  const timeout = config.timeoutMs ?? 30_000;
  const options: SMTPTransport.Options = {
    host: config.host,
    port: config.port,
    secure: config.secure ?? config.port === 465,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  };
  if (config.auth) options.auth = config.auth;
  if (config.requireTLS !== undefined) options.requireTLS = config.requireTLS;
  if (config.ignoreTLS !== undefined) options.ignoreTLS = config.ignoreTLS;
  const transport = nodemailer.createTransport(options);
  return {
    transport,
    from: config.from,
    domain: domainOf(config.from),
    close: () => transport.close(),
  };
}

/** `<notice.{id}@{domain}>`: the same notice always gets the same Message-ID. */
export function noticeMessageId(noticeId: string, domain: string): string {
  const local = noticeId.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '-').replace(/\.{2,}/g, '.');
  return `<notice.${local}@${domain}>`;
}

interface SmtpError {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
  rejected?: string[];
}

export async function sendNotice(
  mailer: Mailer,
  to: string,
  notice: BilingualNotice,
): Promise<SendResult> {
  const messageId = noticeMessageId(notice.noticeId, mailer.domain);
  const [first, second] = notice.notices;
  try {
    const info = await mailer.transport.sendMail({
      from: mailer.from,
      to,
      subject: notice.subject,
      text: notice.text,
      html: notice.html,
      messageId,
      headers: {
        'Content-Language': `${first.language.toLowerCase()}, ${second.language.toLowerCase()}`,
        'Auto-Submitted': 'auto-generated',
        'X-Relais-Notice-Id': notice.noticeId,
      },
      list: { unsubscribe: notice.preferencesUrl },
    });
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.length > 0) {
      return {
        status: 'rejected',
        messageId,
        reason: `recipient refused: ${rejected.join(', ')}`,
        permanent: true,
        rejected,
      };
    }
    return {
      status: 'accepted',
      messageId,
      response: info.response,
      accepted: (info.accepted ?? []).map(String),
    };
  } catch (err) {
    const e = (err ?? {}) as SmtpError;
    const result: SendResult = {
      status: 'rejected',
      messageId,
      reason: e.response ?? e.message ?? String(err),
      permanent: e.responseCode !== undefined && e.responseCode >= 500,
      rejected: e.rejected?.map(String) ?? [],
    };
    if (e.responseCode !== undefined) result.responseCode = e.responseCode;
    if (e.code !== undefined) result.code = e.code;
    return result;
  }
}
