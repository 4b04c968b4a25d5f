// Signed webhooks: agencies register an https endpoint and receive their events there, signed,
// retried over hours, dead-lettered and redeliverable.
export * from './signature.ts';
export * from './store.ts';
export * from './url.ts';
export * from './transport.ts';
export * from './dispatcher.ts';
export * from './routes.ts';
