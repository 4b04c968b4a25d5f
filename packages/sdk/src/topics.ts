// The Kafka topics of an agency: fixed by its id (declared in @relais/contracts). Relais creates
// them when the agency is onboarded; the SDK never creates ingress or deliveries topics.
import { topics } from '@relais/contracts';

/** Where an agency publishes: the gateway and the router read it. */
export const ingressTopic = (agency: string): string => topics.ingress.name(agency);

/** Where Relais delivers what an agency's subscriptions entitle it to. */
export const deliveriesTopic = (agency: string): string => topics.deliveries.name(agency);

/** Where the SDK's consumer puts the deliveries it can never handle (created if missing). */
export const sdkDeadLetterTopic = (agency: string): string =>
  topics.deadLetters.name(`sdk.${agency}`);

/** The consumer group of `consume()` unless one is given. */
export const defaultGroupId = (agency: string): string => `relais-sdk.${agency}`;

/** The CloudEvents `source` of what an agency publishes. */
export const agencyUrn = (agency: string): string => `urn:relais:agency:${agency}`;
