import type { Command } from 'commander';

/** Registers the `cavra dlq` command(s). */
export function register(_program: Command): void {}
