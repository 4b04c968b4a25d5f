export * from './pseudonym.ts';
export * from './directory.ts';
export * from './identity-hash.ts';
export * from './identity-links.ts';
