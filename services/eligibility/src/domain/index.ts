// The pure part, for benchmarks and other services: rules, evaluation, profiles, the book.
export * from './book.ts';
export * from './decision.ts';
export * from './evaluate.ts';
export * from './facts.ts';
export * from './parameters.ts';
export * from './staleness.ts';
export * from './profile.ts';
export * from './resources.ts';
export { parameterBook, ruleModules } from './rules/index.ts';
export { cssCeilings } from './rules/css.ts';
export { aspa } from './rules/aspa.ts';
export * from './determination.ts';
export * from './reevaluate.ts';
export * from './campaign-date.ts';
export * from './day.ts';
