import type { Command } from 'commander';

/** Registers the `cavra policy` command(s). */
export function register(_program: Command): void {}
