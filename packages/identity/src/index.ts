export * from './pseudonym.ts';
export * from './directory.ts';
