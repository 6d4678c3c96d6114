import { describe, expect, it } from 'vitest';
import {
  ContractError,
  Decision,
  EventTypes,
  jsonSchemas,
  makeEvent,
  parseEvent,
  parseEventOf,
  parseWith,
  severityAtLeast,
} from '../src/index.ts';

const decision: Decision = {
  decisionId: 'dec_01',
  correlationId: 'corr-1',
  sessionId: 'sess-1',
  tenant: 'acme',
  agent: { id: 'agent-7', name: 'coder', vendor: 'example' },
  actor: 'alice@example.com',
  action: { type: 'read_file', target: '.env', operation: 'read' },
  outcome: 'block',
  mode: 'enforce',
  policy: {
    pack: 'cavra-baseline',
    version: '1.0.0',
    digest: `sha256:${'a'.repeat(64)}`,
    ruleId: 'r1',
  },
  severity: 'high',
  reason: 'secrets file',
  evidenceRefs: [],
  decidedAt: '2026-12-03T10:00:00.000Z',
};

describe('contracts', () => {
  it('wraps a decision in a CloudEvents envelope and reads it back', () => {
    const event = makeEvent(EventTypes.decision, decision, { source: 'test', tenant: 'acme' });
    expect(event.specversion).toBe('1.0');
    expect(parseEventOf(EventTypes.decision, JSON.parse(JSON.stringify(event))).data).toEqual(
      decision,
    );
  });

  it('names every bad field of a decision', () => {
    const bad = { ...decision, outcome: 'maybe', action: { ...decision.action, type: 'fly' } };
    const error = (() => {
      try {
        parseWith(Decision, bad, 'decision');
      } catch (err) {
        return err as ContractError;
      }
      throw new Error('expected a ContractError');
    })();
    expect(error).toBeInstanceOf(ContractError);
    expect(error.retryable).toBe(false);
    expect(error.issues.map((i) => i.path).sort()).toEqual(['action.type', 'outcome']);
  });

  it('rejects an unknown event type and data that does not match its type', () => {
    const event = makeEvent(EventTypes.decision, decision, { source: 'test', tenant: 'acme' });
    expect(() => parseEvent({ ...event, type: 'dev.cavra.nope.v1' })).toThrow(/unknown event type/);
    expect(() => parseEvent({ ...event, data: { ...decision, severity: 'huge' } })).toThrow(
      /severity/,
    );
  });

  it('orders severities', () => {
    expect(severityAtLeast('high', 'medium')).toBe(true);
    expect(severityAtLeast('low', 'medium')).toBe(false);
  });

  it('exports a JSON Schema for every contract', () => {
    const schemas = jsonSchemas();
    const decisionSchema = schemas.decision as {
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(decisionSchema.required).toContain('outcome');
    expect(Object.keys(decisionSchema.properties)).toContain('policy');
    expect(Object.keys(schemas)).toHaveLength(8);
  });
});

describe('committed JSON Schema files', () => {
  // After a schema change: pnpm --filter @cavra/contracts schemas
  it('match the zod schemas', async () => {
    const { readFileSync } = await import('node:fs');
    const dir = new URL('../schemas/', import.meta.url);
    for (const [name, schema] of Object.entries(jsonSchemas())) {
      const committed = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'));
      expect(committed, `schemas/${name}.json`).toEqual(schema);
    }
  });
});
