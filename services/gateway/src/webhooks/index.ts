// Signed webhooks: agencies register an https endpoint and receive their events there, signed,
// retried over hours, dead-lettered and redeliverable. Their routes are in routes/webhooks.ts and
// routes/operator.ts, their rules in domain/webhooks.ts.
export * from './signature.ts';
export * from './store.ts';
export * from './transport.ts';
export * from './dispatcher.ts';
