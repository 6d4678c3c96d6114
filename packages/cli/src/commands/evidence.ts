import type { Command } from 'commander';

/** Registers the `cavra evidence` command(s). */
export function register(_program: Command): void {}
