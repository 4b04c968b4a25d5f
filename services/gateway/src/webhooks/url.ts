// Which endpoint URLs an agency may register: https only, so the signed payload and the secret's
// HMAC never cross the network in clear. Plain http is allowed to the loopback alone, and only
// when the gateway runs with `allowInsecureLocalhost` (development, tests).

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Undefined when acceptable, else what was expected (for a 400 naming `/body/url`). */
export function webhookUrlProblem(
  raw: string,
  allowInsecureLocalhost: boolean,
): string | undefined {
  const expected = allowInsecureLocalhost
    ? 'an https:// URL (or http:// to 127.0.0.1 or localhost)'
    : 'an https:// URL';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return expected;
  }
  if (url.username || url.password) return `${expected} without credentials`;
  if (url.hash) return `${expected} without a #fragment`;
  if (url.protocol === 'https:' && url.hostname) return undefined;
  if (url.protocol === 'http:' && allowInsecureLocalhost && loopbackHosts.has(url.hostname)) {
    return undefined;
  }
  return expected;
}
