import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

/** What the fake MX answers for one recipient: accept (null) or a reply with this code and text. */
export interface FakeReply {
  code: number;
  message: string;
  /** Answer at end of DATA instead of at RCPT. */
  atData?: boolean;
}

export interface FakeMxOptions {
  /** Reply per recipient address (lower-cased); null or absent = accept. */
  replyFor: (rcpt: string, session: SMTPServerSession) => FakeReply | null;
  /** Refuse whole connections at the greeting with this reply (e.g. 421). */
  greeting?: () => FakeReply | null;
}

export interface DeliveredMessage {
  from: string;
  to: string[];
  size: number;
  /** When the MX accepted it (epoch ms). */
  at: number;
}

export interface FakeMx {
  port: number;
  delivered: DeliveredMessage[];
  /** Every RCPT seen with the reply code given. */
  rcptLog: Array<{ rcpt: string; code: number }>;
  close(): Promise<void>;
}

function smtpError(reply: FakeReply): Error & { responseCode: number } {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}

/** A loopback remote MX whose replies depend on the recipient; binds 127.0.0.1 on a port the OS picks. */
export async function startFakeMx(options: FakeMxOptions): Promise<FakeMx> {
  const delivered: DeliveredMessage[] = [];
  const rcptLog: FakeMx['rcptLog'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      const refusal = options.greeting?.();
      callback(refusal ? smtpError(refusal) : undefined);
    },
    onRcptTo(address: SMTPServerAddress, session, callback) {
      const rcpt = address.address.toLowerCase();
      const reply = options.replyFor(rcpt, session);
      rcptLog.push({ rcpt, code: reply && !reply.atData ? reply.code : 250 });
      callback(reply && !reply.atData ? smtpError(reply) : undefined);
    },
    onData(stream, session, callback) {
      let size = 0;
      stream.on('data', (chunk: Buffer) => { size += chunk.length; });
      stream.on('end', () => {
        const rcpts = session.envelope.rcptTo.map((a) => a.address.toLowerCase());
        const atData = rcpts.map((r) => options.replyFor(r, session)).find((r) => r?.atData);
        if (atData) return callback(smtpError(atData));
        delivered.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: rcpts, size, at: Date.now() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // Peers (Haraka) drop connections when they stop; that is not the fake MX's failure.
  server.on('error', () => undefined);
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('fake MX did not bind a TCP port');
  return {
    port: address.port,
    delivered,
    rcptLog,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
