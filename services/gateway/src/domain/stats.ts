// The gateway's counters (GET /v1/operator/stats): what its de-duplication skipped. A duplicate is
// never dropped without a trace (issue 13): each is counted here and logged at info with its
// event id.
export interface GatewayStats {
  duplicates: {
    /** Deliveries of an event already in the agency's inbox. */
    inbox: number;
    /** Webhook deliveries of an event already queued for the agency. */
    webhooks: number;
    /** Requests answered from their Idempotency-Key (the event published once). */
    idempotentReplays: number;
  };
}

export const emptyGatewayStats = (): GatewayStats => ({
  duplicates: { inbox: 0, webhooks: 0, idempotentReplays: 0 },
});
