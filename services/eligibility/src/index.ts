export * from './domain/parameters.ts';
export * from './domain/decision.ts';
export * from './domain/facts.ts';
export * from './domain/rules/rsa.ts';
export * from './domain/rules/css.ts';
export * from './domain/rules/ars.ts';
