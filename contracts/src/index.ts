export * from './model.ts';
export * from './load.ts';
export * from './validate.ts';
export * from './evolution.ts';
export * from './compatibility/resolve.ts';
export * from './compatibility/levels.ts';
export * from './consent.ts';
export * from './topics.ts';
