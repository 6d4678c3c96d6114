/** One problem found in a policy pack: where it is and what was wrong. */
export interface PolicyIssue {
  /** Path inside the pack document, written `rules[2].match.targets[0]`; `''` for the root. */
  path: string;
  message: string;
}

/** Machine-readable reason of a `PolicyError`. */
export type PolicyErrorCode =
  | 'invalid_yaml'
  | 'invalid_pack'
  | 'unknown_pack'
  | 'unknown_parent'
  | 'inheritance_cycle'
  | 'duplicate_pack'
  | 'io_error';

/**
 * A policy pack that cannot be loaded, resolved or found. Never retryable: the same pack fails
 * the same way until someone edits it (an `io_error` is the exception a caller may retry).
 */
export class PolicyError extends Error {
  readonly retryable: boolean;
  /** The file (or other origin) of the pack, when known. */
  readonly source: string | undefined;

  constructor(
    readonly code: PolicyErrorCode,
    message: string,
    readonly issues: PolicyIssue[] = [],
    options?: { cause?: unknown; source?: string },
  ) {
    super(message, options);
    this.name = 'PolicyError';
    this.retryable = code === 'io_error';
    this.source = options?.source;
  }
}

/** Formats issues as `path: message; path: message`, naming the root `(root)`. */
export function describeIssues(issues: PolicyIssue[]): string {
  return issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
}
