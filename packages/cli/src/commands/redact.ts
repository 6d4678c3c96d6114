import type { Command } from 'commander';

/** Registers the `cavra redact` command(s). */
export function register(_program: Command): void {}
