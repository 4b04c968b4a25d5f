// The pure half of @relais/web, which src/domain/ and the pages may import: the escaping HTML
// template, the French and English forms of dates and numbers, urlencoded forms, and sessions'
// lifetimes.
export { escapeHtml, html, Html, raw, type Part } from './html.ts';
export {
  formatDate,
  formatDateTime,
  formatEuros,
  formatInstant,
  formatNumber,
  isLang,
  LANGS,
  parisDay,
  type Lang,
} from './format.ts';
export { many, one, parseForm, type FormBody } from './forms.ts';
export {
  ADDRESS_LINES,
  CHANNELS,
  checkPreferences,
  preferencesInputOf,
  readPreferences,
  type Channel,
  type PreferencesError,
  type PreferencesInput,
  type PreferencesMessage,
  type PreferencesRequest,
} from './preferences.ts';
export {
  FRAME_WORDS,
  standardMessage,
  type FieldError,
  type FrameWordsOf,
  type StandardPage,
  type StandardWords,
  type StringKey,
} from './words.ts';
export {
  defaultSessionPolicy,
  safeNext,
  sessionExpired,
  type LoginRequest,
  type Session,
  type SessionData,
  type SessionPolicy,
} from './session.ts';
export { labels, SECTOR_PREFIX, type Labels } from './labels.ts';
