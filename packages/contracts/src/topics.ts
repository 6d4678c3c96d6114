/** Kafka topic names; the embedded bus uses the same names. */
export const Topics = {
  decisions: 'cavra.decisions.v1',
  approvals: 'cavra.approvals.v1',
  inventory: 'cavra.inventory.v1',
  releases: 'cavra.releases.v1',
  deliveryEvidence: 'cavra.delivery-evidence.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** The dead-letter topic of one connector: `cavra.dlq.<connector>.v1`. */
export function dlqTopic(connector: string): string {
  return `cavra.dlq.${connector}.v1`;
}

/** Message key of a decision: keeps a correlation id's events in order on one partition. */
export function decisionKey(tenant: string, correlationId: string): string {
  return `${tenant}:${correlationId}`;
}
