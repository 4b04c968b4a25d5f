// What an agency reads from its inbox (and receives by webhook): one delivery, as JSON.
import type { EventId } from '@relais/contracts';
import type { Pseudonym } from '@relais/identity';

export interface DeliveredEvent {
  id: EventId;
  /** The contract's full name. */
  type: string;
  /** The recipient agency's pseudonym of the citizen. */
  subject: Pseudonym;
  time: string;
  source: string;
  purpose: string | null;
  legalBasis: string | null;
  consentId: string | null;
  data: unknown;
}

/** A delivered event in an agency's inbox: the cursor is its sequence number there. */
export interface InboxEvent extends DeliveredEvent {
  cursor: string;
}
