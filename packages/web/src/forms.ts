// Urlencoded forms as the pages' routes and their pure checks read them: a field may repeat
// (checkboxes), values are trimmed. Pure.

/** A urlencoded body: a field may repeat (checkboxes). */
export type FormBody = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A urlencoded body as fields; a repeated field (checkboxes) as a list. */
export function parseForm(text: string): FormBody {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** One field, trimmed ('' when absent; the first when repeated). */
export const one = (body: FormBody, name: string): string => {
  const v = body[name];
  return (Array.isArray(v) ? (v[0] ?? '') : ((v as string | undefined) ?? '')).trim();
};

/** Every value of a repeated field, trimmed, empty ones left out. */
export const many = (body: FormBody, name: string): string[] => {
  const v = body[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? [...(v as readonly string[])] : [v as string])
    .map((s) => s.trim())
    .filter(Boolean);
};
