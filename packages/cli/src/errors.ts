import { ContractError } from '@cavra/contracts';

/**
 * Prints an error for a person and exits: 2 for bad input (configuration, arguments), 1 for
 * anything else. Bad input lists each field with what was expected.
 */
export function exitWithError(err: unknown): never {
  if (err instanceof ContractError) {
    console.error(`error: ${err.what}`);
    for (const issue of err.issues) console.error(`  ${issue.path || '(root)'}: ${issue.message}`);
    process.exit(2);
  }
  const e = err as { message?: string; code?: string; retryable?: boolean };
  console.error(`error: ${e.message ?? String(err)}`);
  if (e.code === 'ECONNREFUSED') {
    console.error('  is the service running? start it with: pnpm start');
  }
  if (e.code === 'EADDRINUSE') {
    console.error(
      '  another process listens there: stop it, or change api.port in the configuration',
    );
  }
  process.exit(1);
}
