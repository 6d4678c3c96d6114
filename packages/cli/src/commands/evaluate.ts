import type { Command } from 'commander';

/** Registers the `cavra evaluate` command(s). */
export function register(_program: Command): void {}
