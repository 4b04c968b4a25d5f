// The links a notice carries: the preferences page, and the opened-notice beacon whose token (an
// HMAC of the notice id under a key derived from the service's key) lets only the notice's own
// e-mail mark it opened.
import { createHmac } from 'node:crypto';
import type { NoticeLinks } from './types.ts';

export type BeaconToken = (noticeId: string) => string;

export function beaconTokenOf(key: Buffer): BeaconToken {
  const beaconKey = createHmac('sha256', key).update('notice-opened').digest();
  return (id) => createHmac('sha256', beaconKey).update(id).digest('base64url').slice(0, 22);
}

/** The links of a notice, for a service reached at `publicUrl`. */
export function noticeLinks(
  publicUrl: string,
  beaconToken: BeaconToken,
): (noticeId: string) => NoticeLinks {
  return (noticeId) => ({
    preferencesUrl: `${publicUrl}/preferences`,
    openUrl: `${publicUrl}/v1/notices/${noticeId}/opened.gif?t=${beaconToken(noticeId)}`,
  });
}
