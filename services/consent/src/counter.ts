// What other services take from the consent service for the counter agents (issue 15): the
// counter tokens and their guard, the mandates' topic reader and store, the agents' journal.
// The notifier checks its own calls with them against its own copy of relais.mandates.
export * from './auth/counter-tokens.ts';
export * from './auth/counter-plugin.ts';
export * from './adapters/counter-journal.ts';
export * from './adapters/mandates-store.ts';
export { mandatesConsumer, MANDATES_CHANGED } from './consumers/mandates.ts';
export type { PortalKeySource } from './auth/citizen-tokens.ts';
