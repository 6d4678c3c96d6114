import { EventTypes, makeEvent, type Decision } from '@cavra/contracts';

/** Obviously fake credentials planted in inputs; none may leave the fabric. */
export const FAKE_AWS_KEY = 'AKIAQ3FAKEKEY7TESTXY';
export const FAKE_GITHUB_TOKEN = `ghp_${'a1B2c3D4e5F6g7H8i9J0'.repeat(2).slice(0, 36)}`;

/** A valid decision of tenant `acme`; `overrides` replace top-level fields. */
export function sampleDecision(overrides: Partial<Decision> = {}): Decision {
  return {
    decisionId: 'dec-1',
    correlationId: 'corr-1',
    sessionId: 'sess-1',
    tenant: 'acme',
    agent: { id: 'agent-1', name: 'coder' },
    actor: 'dev@example.com',
    action: {
      type: 'execute_command',
      target: 'shell',
      operation: 'run',
      command: `aws s3 ls --access-key ${FAKE_AWS_KEY}`,
    },
    repository: 'acme/payments',
    outcome: 'block',
    mode: 'enforce',
    policy: {
      pack: 'cavra-baseline',
      version: '1.0.0',
      digest: `sha256:${'a'.repeat(64)}`,
      ruleId: 'r1',
    },
    severity: 'high',
    reason: 'credentials on the command line',
    evidenceRefs: [],
    decidedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A decision CloudEvent with a fixed id and time, for byte-exact assertions. */
export function sampleEvent(overrides: Partial<Decision> = {}, id = 'evt-1') {
  const data = sampleDecision(overrides);
  return makeEvent(EventTypes.decision, data, {
    source: 'cavra/decision',
    tenant: data.tenant,
    id,
    time: '2026-01-01T00:00:00.000Z',
    traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`,
  });
}
