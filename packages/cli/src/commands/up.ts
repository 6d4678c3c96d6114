import type { Command } from 'commander';

/** Registers the `cavra up` command(s). */
export function register(_program: Command): void {}
