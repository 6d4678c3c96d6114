import type { Command } from 'commander';

/** Registers the `cavra demo` command(s). */
export function register(_program: Command): void {}
