// The local SMTP server process the tests use (@relais/testkit/mail), for `npm start`: it accepts
// every message and keeps it as an .eml file in `dir`.
import { startSmtpServer } from '@relais/testkit/mail';

export async function startMailServer(
  dir: string,
): Promise<{ port: number; dir: string; stop(): void }> {
  const server = await startSmtpServer({ dir });
  // The server also stops when its stdin closes: with us.
  return { port: server.port, dir, stop: () => void server.stop() };
}
