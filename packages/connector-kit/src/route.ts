import { severityAtLeast, type Decision } from '@cavra/contracts';
import type { RouteRule } from '@cavra/config';
import picomatch from 'picomatch';

/** Whether a connector takes an event, and if not, why (for `filtered` evidence and logs). */
export type RouteVerdict = { take: true } | { take: false; reason: string };

/**
 * Applies a connector's tenant and route to a decision. Every listed condition must hold;
 * another tenant's decision is never taken, whatever the route says.
 */
export function routeDecision(
  decision: Decision,
  eventTenant: string,
  connectorTenant: string,
  route: RouteRule,
): RouteVerdict {
  if (eventTenant !== connectorTenant || decision.tenant !== connectorTenant) {
    return { take: false, reason: 'tenant' };
  }
  if (route.outcomes && !route.outcomes.includes(decision.outcome)) {
    return { take: false, reason: `outcome ${decision.outcome}` };
  }
  if (route.minSeverity && !severityAtLeast(decision.severity, route.minSeverity)) {
    return { take: false, reason: `severity ${decision.severity}` };
  }
  if (route.actionTypes && !route.actionTypes.includes(decision.action.type)) {
    return { take: false, reason: `action type ${decision.action.type}` };
  }
  if (route.repositories && !matchesRepository(decision.repository, route.repositories)) {
    return { take: false, reason: 'repository' };
  }
  return { take: true };
}

function matchesRepository(repository: string | undefined, patterns: string[]): boolean {
  if (repository === undefined) return false;
  return picomatch.isMatch(repository, patterns);
}
