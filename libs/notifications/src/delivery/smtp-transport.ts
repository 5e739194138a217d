import { createTransport } from 'nodemailer';
import { clip, OutgoingMessage, SendOutcome, Transport } from './transport';

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/**
 * How an SMTP failure reads in the message status model. A 5xx about the recipient or the message is
 * permanent; any 4xx is temporary (greylisting, a full mailbox); a refused login, a connection or
 * TLS problem is ours (technical) and is retried like a temporary one.
 */
export function classifySmtpError(error: SmtpError): SendOutcome {
  const code = error.responseCode;
  const responseCode = code ? String(code) : (error.code ?? 'ERROR');
  const detail = clip(error.response ?? error.message);
  if (code && code >= 400 && code < 500) return { status: 'temporary-failure', responseCode, detail };
  if (code && code >= 500 && error.code !== 'EAUTH') return { status: 'permanent-failure', responseCode, detail };
  return { status: 'technical-failure', responseCode, detail };
}

const createSmtpPool = (url: string) =>
  // Short timeouts: a stuck server becomes a technical failure that is retried, not a hung worker.
  createTransport({ url, pool: true, maxConnections: 3, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });

/** E-mail through an SMTP server (SMTP_URL), with a small connection pool. */
export class SmtpTransport implements Transport {
  readonly name = 'smtp';
  private readonly transporter: ReturnType<typeof createSmtpPool>;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transporter = createSmtpPool(url);
  }

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    try {
      const info = await this.transporter.sendMail({
        from: this.from,
        to: message.recipient,
        subject: message.subject ?? '',
        text: message.body,
        headers: { 'X-Motcua-Message-Id': message.id },
      });
      const response = info.response ?? '';
      if (info.rejected?.length) {
        const rejected = (info as { rejectedErrors?: SmtpError[] }).rejectedErrors?.[0];
        return rejected ? classifySmtpError(rejected) : { status: 'permanent-failure', responseCode: 'rejected', detail: clip(response) };
      }
      return { status: 'delivered', responseCode: response.slice(0, 3) || 'accepted', detail: clip(response), providerReference: info.messageId };
    } catch (error) {
      return classifySmtpError(error as SmtpError);
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
