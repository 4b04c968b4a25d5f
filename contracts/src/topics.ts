// Where a contract's records travel. Agencies' facts travel on their domain's events topic;
// Relais' own records have topics of their own, named here once for the services that write
// them and for the catalog's AsyncAPI.
export const RELAIS_TOPICS: Readonly<Record<string, string>> = {
  'fr.gouv.relais.AccessRecorded': 'relais.access-log',
  'fr.gouv.relais.EntitlementDetermined': 'relais.entitlements',
  'fr.gouv.relais.EntitlementNoticeIssued': 'relais.notices',
};

export const eventsTopicOf = (domain: string): string => `relais.events.${domain}`;

export function topicOf(contract: { fullName: string; domain: string }): string {
  return RELAIS_TOPICS[contract.fullName] ?? eventsTopicOf(contract.domain);
}

/** Contracts Relais writes itself: no agency publishes them through an ingress topic. */
export const writtenByRelais = (contract: { fullName: string }): boolean =>
  contract.fullName in RELAIS_TOPICS;
