// How a webhook is POSTed: node:http(s) by default (keep-alive, an extra trusted CA), or a
// fetch implementation. Either answers the status code; the response body is never read.
import http from 'node:http';
import https from 'node:https';

export type Post = (
  url: URL,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
) => Promise<number>;

export interface Transport {
  post: Post;
  /** Releases kept-alive sockets. */
  close(): void;
}

/** node:http(s) with keep-alive agents; `ca` (PEM) is trusted besides the system CAs. */
export function nodePost(ca: string | undefined): Transport {
  const tls = new https.Agent({ keepAlive: true, ...(ca ? { ca } : {}) });
  const plain = new http.Agent({ keepAlive: true });
  const post: Post = (url, headers, body, signal) =>
    new Promise<number>((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const request = (secure ? https : http).request(
        url,
        {
          method: 'POST',
          agent: secure ? tls : plain,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          signal,
        },
        (response) => {
          response.on('error', () => undefined); // a timeout after the status: ignored
          response.resume(); // the body is not read; drain it so the socket is reused
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  return {
    post,
    close: () => {
      tls.destroy();
      plain.destroy();
    },
  };
}

/** Redirects are not followed: a 3xx is a failed attempt. */
export function fetchPost(fetchImpl: typeof fetch): Transport {
  const post: Post = async (url, headers, body, signal) => {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers,
      body,
      signal,
      redirect: 'manual',
    });
    await response.body?.cancel();
    return response.status;
  };
  return { post, close: () => undefined };
}
