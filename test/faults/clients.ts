// How the campaign's agencies and citizens talk to Relais while services die under them: an
// agency signs a client assertion (private_key_jwt) for a token, publishes with an Idempotency-Key
// and retries until the gateway acknowledges, follows its inbox with a cursor and acknowledges
// it, and receives webhooks on a local receiver. Citizens call with the portal's tokens.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { importPKCS8, SignJWT } from 'jose';

export type Json = Record<string, any>;

export interface Answer {
  status: number;
  body: Json;
}

/** One HTTP call; a refused connection or a reset is status 0 (the service is down). */
export async function call(
  base: string,
  method: string,
  p: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 15_000,
): Promise<Answer> {
  try {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: Json = {};
    try {
      parsed = JSON.parse(text) as Json;
    } catch {
      parsed = { text };
    }
    return { status: res.status, body: parsed };
  } catch {
    return { status: 0, body: {} };
  }
}

/** Retried: the service is down or restarting (0, 5xx), busy (409, 429), or the token is stale. */
const transient = (status: number): boolean =>
  status === 0 || status >= 500 || status === 409 || status === 429 || status === 401;

export class Agency {
  readonly id: string;
  private token: { value: string; at: number } | undefined;
  private readonly gatewayUrl: string;
  private readonly keysDir: string;
  constructor(id: string, gatewayUrl: string, keysDir: string) {
    this.id = id;
    this.gatewayUrl = gatewayUrl;
    this.keysDir = keysDir;
  }

  async accessToken(fresh = false): Promise<string> {
    if (!fresh && this.token && Date.now() - this.token.at < 3 * 60_000) return this.token.value;
    const key = await importPKCS8(
      readFileSync(path.join(this.keysDir, `${this.id}.private.pem`), 'utf8'),
      'ES256',
    );
    for (;;) {
      const assertion = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(this.id)
        .setSubject(this.id)
        .setAudience('relais-gateway')
        .setIssuedAt()
        .setExpirationTime('2m')
        .setJti(randomUUID())
        .sign(key);
      const res = await call(this.gatewayUrl, 'POST', '/v1/oauth/token', undefined, {
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      });
      if (res.status === 200) {
        this.token = { value: res.body['access_token'] as string, at: Date.now() };
        return this.token.value;
      }
      if (!transient(res.status))
        throw new Error(`${this.id}: token refused ${res.status} ${JSON.stringify(res.body)}`);
      await sleep(500);
    }
  }

  /** An agency call retried through outages until it answers something final. */
  async request(
    method: string,
    p: string,
    body?: unknown,
    headers: Record<string, string> = {},
    deadlineMs = 180_000,
  ): Promise<Answer & { attempts: number }> {
    const until = Date.now() + deadlineMs;
    for (let attempts = 1; ; attempts += 1) {
      const res = await call(
        this.gatewayUrl,
        method,
        p,
        await this.accessToken(),
        body,
        headers,
        35_000,
      );
      if (!transient(res.status) || Date.now() > until) return { ...res, attempts };
      if (res.status === 401) await this.accessToken(true);
      await sleep(res.status === 429 ? 1_000 : 300);
    }
  }
}

export interface Received {
  agency: string;
  eventId: string;
  deliveryId: string;
  attempt: number;
  at: number;
}

/** The agencies' webhook endpoint: answers 200 to everything and remembers what came. */
export async function webhookReceiver(): Promise<{
  url: (agency: string) => string;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push({
        agency: (req.url ?? '').split('/').pop() ?? '',
        eventId: String(req.headers['relais-event-id'] ?? ''),
        deliveryId: String(req.headers['relais-delivery-id'] ?? ''),
        attempt: Number(req.headers['relais-attempt'] ?? 0),
        at: Date.now(),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (agency) => `http://127.0.0.1:${port}/hooks/${agency}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * An agency following its inbox as its integration would: long-poll after its cursor, note each
 * event, acknowledge the page. `seen` holds every event served (its id, and its street: the
 * campaign's moves name their publication there), in order, repeats included.
 */
export class InboxFollower {
  readonly seen: Array<{ id: string; street: string | undefined }> = [];
  private cursor = '0';
  private running = false;
  private done: Promise<void> = Promise.resolve();
  readonly agency: Agency;
  constructor(agency: Agency) {
    this.agency = agency;
  }

  start(): void {
    this.running = true;
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  /** Stops following, then reads until a page comes back empty (what is left after the load). */
  async drain(): Promise<void> {
    await this.stop();
    while ((await this.page(1)) > 0);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      if ((await this.page(2)) < 0) await sleep(500);
    }
  }

  /** One page: answers the number of events read, -1 when the gateway did not answer. */
  private async page(wait: number): Promise<number> {
    const res = await this.agency.request(
      'GET',
      `/v1/inbox?after=${this.cursor}&limit=500&wait=${wait}`,
      undefined,
      {},
      30_000,
    );
    if (res.status !== 200) return -1;
    const events = (res.body['events'] ?? []) as Json[];
    for (const e of events) {
      const street = (e['data'] as Json | undefined)?.['street'];
      this.seen.push({
        id: String(e['id']),
        street: typeof street === 'string' ? street : undefined,
      });
    }
    const next = String(res.body['next'] ?? this.cursor);
    if (events.length && next !== this.cursor) {
      await this.agency.request('POST', '/v1/inbox/ack', { cursor: next }, {}, 30_000);
      this.cursor = next;
    }
    return events.length;
  }
}
