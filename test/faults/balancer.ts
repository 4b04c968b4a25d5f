// A round-robin HTTP load balancer in front of the instances of one service, as a deployment puts
// one before its replicas: each request goes to the next instance; an instance that refuses the
// connection (killed, not yet started) is skipped for the next one, as a balancer's passive health
// check does; one that dies mid-request answers 502, which the client retries. Requests,
// long-polls included, are passed through unchanged.
import http from 'node:http';

export interface Balancer {
  url: string;
  /** Requests each instance answered, by its URL. */
  served: Map<string, number>;
  close(): Promise<void>;
}

/** Nothing reached the instance: safe to try the next one (a reset mid-request is not). */
const refused = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'ECONNREFUSED';

export async function balancer(instances: () => string[]): Promise<Balancer> {
  let next = 0;
  const served = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const urls = instances();
      const tryAt = (attempt: number): void => {
        if (attempt >= urls.length) {
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ title: 'no instance answered' }));
          return;
        }
        const target = new URL(urls[(next + attempt) % urls.length] ?? '');
        const upstream = http.request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: target.host },
          },
          (answer) => {
            served.set(target.origin, (served.get(target.origin) ?? 0) + 1);
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', (err) => {
          if (!res.headersSent && refused(err)) tryAt(attempt + 1);
          else if (!res.headersSent) {
            res.writeHead(502, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ title: 'instance failed', detail: String(err) }));
          } else res.destroy();
        });
        upstream.end(body);
      };
      next = (next + 1) % Math.max(urls.length, 1);
      tryAt(0);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
