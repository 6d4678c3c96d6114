#!/usr/bin/env node
/** The `cavra` command: decide, run, redact, export evidence, replay dead letters. */
import { Command } from 'commander';
import * as demo from './commands/demo.ts';
import * as dlq from './commands/dlq.ts';
import * as evaluate from './commands/evaluate.ts';
import * as evidence from './commands/evidence.ts';
import * as policy from './commands/policy.ts';
import * as redact from './commands/redact.ts';
import * as up from './commands/up.ts';

const program = new Command('cavra')
  .description('CAVRA connector fabric: decide on AI-agent actions and deliver the decisions')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride((err) => {
    // commander's own usage errors (unknown option, missing argument) are bad input: exit 2.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

for (const group of [evaluate, up, policy, redact, evidence, dlq, demo]) group.register(program);

await program.parseAsync(process.argv);
