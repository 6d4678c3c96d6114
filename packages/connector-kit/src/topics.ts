import { Topics, dlqTopic } from '@cavra/contracts';

/** The per-connector replay topic: `cavra dlq replay` publishes here, only that worker reads. */
export function replayTopic(connector: string): string {
  return `cavra.replay.${connector}.v1`;
}

/** The topics one connector reads and writes. */
export interface ConnectorTopics {
  decisions: string;
  replay: string;
  evidence: string;
  dlq: string;
}

/** The standard topics of connector `name`, with any overrides applied. */
export function connectorTopics(name: string, overrides: Partial<ConnectorTopics> = {}) {
  return {
    decisions: overrides.decisions ?? Topics.decisions,
    replay: overrides.replay ?? replayTopic(name),
    evidence: overrides.evidence ?? Topics.deliveryEvidence,
    dlq: overrides.dlq ?? dlqTopic(name),
  } satisfies ConnectorTopics;
}
