// Citizen authentication, for the other citizen-facing services (the notifier's notices).
export * from './citizen-tokens.ts';
export { requireCitizen } from './plugin.ts';
export type { Citizen, EidasLevel } from './types.ts';
