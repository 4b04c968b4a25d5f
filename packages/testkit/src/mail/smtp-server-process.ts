// A local SMTP server in its own process, for tests and the demo, started by ./smtp-server.ts:
// `node smtp-server-process.js <dir> [--reject <text>]`. Listens on 127.0.0.1 on a free port,
// prints `{"port":…}` on one stdout line, and writes each message it accepts into <dir> as
// NNNNNN.eml before answering 250. No TLS, authentication optional; a recipient containing
// <text> is refused with 550.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

const [dir, flag, rejectText] = process.argv.slice(2);
if (!dir) {
  console.error('usage: smtp-server-process.js <dir> [--reject <text>]');
  process.exit(2);
}
const reject = flag === '--reject' ? rejectText : undefined;
let count = 0;

const server = new SMTPServer({
  name: 'relais-test-smtp',
  secure: false,
  disabledCommands: ['STARTTLS'],
  authOptional: true,
  logger: false,
  onAuth(auth, _session, callback) {
    callback(null, { user: auth.username ?? 'anonymous' });
  },
  onRcptTo(address, _session, callback) {
    if (reject && address.address.includes(reject)) {
      const err = Object.assign(new Error(`5.1.1 <${address.address}>: recipient refused`), {
        responseCode: 550,
      });
      callback(err);
      return;
    }
    callback();
  },
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', (err) => callback(err));
    stream.on('end', () => {
      count += 1;
      const file = path.join(dir, `${String(count).padStart(6, '0')}.eml`);
      writeFile(file, Buffer.concat(chunks)).then(
        () => callback(null, `OK: stored as ${path.basename(file)}`),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    });
  },
});

server.on('error', (err) => console.error('smtp server error:', err.message));

server.listen(0, '127.0.0.1', () => {
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});

function stop() {
  server.close(() => process.exit(0));
  // Open client connections are closed by server.close after a grace period; do not wait.
  setTimeout(() => process.exit(0), 500).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The parent's pipe closing means the test process is gone: do not outlive it.
process.stdin.on('end', stop);
process.stdin.resume();
