import { describe, expect, it } from 'vitest';
import { RouteRule } from '@cavra/config';
import { routeDecision } from '../src/index.ts';
import { sampleDecision } from './fixtures.ts';

const route = (rule: object) => RouteRule.parse(rule);

describe('routeDecision', () => {
  const decision = sampleDecision({ outcome: 'block', severity: 'high' });

  it('takes everything of its own tenant under an empty route', () => {
    expect(routeDecision(decision, 'acme', 'acme', route({}))).toEqual({ take: true });
  });

  it('never takes another tenant, whatever the route', () => {
    expect(routeDecision(decision, 'acme', 'globex', route({}))).toEqual({
      take: false,
      reason: 'tenant',
    });
    const spoofed = sampleDecision({ tenant: 'globex' });
    expect(routeDecision(spoofed, 'acme', 'acme', route({})).take).toBe(false);
  });

  it('applies outcomes, minimum severity, action types and repositories', () => {
    expect(routeDecision(decision, 'acme', 'acme', route({ outcomes: ['allow'] })).take).toBe(
      false,
    );
    expect(routeDecision(decision, 'acme', 'acme', route({ minSeverity: 'critical' })).take).toBe(
      false,
    );
    expect(routeDecision(decision, 'acme', 'acme', route({ minSeverity: 'high' })).take).toBe(true);
    expect(
      routeDecision(decision, 'acme', 'acme', route({ actionTypes: ['git_operation'] })).take,
    ).toBe(false);
    expect(routeDecision(decision, 'acme', 'acme', route({ repositories: ['acme/*'] })).take).toBe(
      true,
    );
    expect(routeDecision(decision, 'acme', 'acme', route({ repositories: ['other/*'] })).take).toBe(
      false,
    );
  });
});
