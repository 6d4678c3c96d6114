/** The evidence service: chains bus events into the ledger and serves the evidence API. */
export {
  EVIDENCE_GROUP,
  EVIDENCE_TOPICS,
  createEvidenceService,
  evidenceGroupFor,
} from './consumer.ts';
export type { EvidenceService, EvidenceServiceOptions, EvidenceServiceStats } from './consumer.ts';
export { registerEvidenceRoutes } from './routes.ts';
export type { EvidenceAuth, EvidenceRoutesOptions } from './routes.ts';
