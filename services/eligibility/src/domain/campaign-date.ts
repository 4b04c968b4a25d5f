// The date a campaign re-evaluates everyone for: a real date, at most today, because rights are
// judged on the parameters in force (a value dated in the future applies from its date only).

export type CampaignDate =
  | { ok: true; on: string }
  | { ok: false; code: 'not-a-date' }
  | { ok: false; code: 'after-today'; today: string };

/** `on` as asked (today when not given), checked against `today` (both YYYY-MM-DD). */
export function campaignDate(on: unknown, today: string): CampaignDate {
  const asked = on ?? today;
  if (
    typeof asked !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(asked) ||
    Number.isNaN(Date.parse(asked))
  )
    return { ok: false, code: 'not-a-date' };
  if (asked > today) return { ok: false, code: 'after-today', today };
  return { ok: true, on: asked };
}
