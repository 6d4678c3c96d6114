import type { ActionType } from '@cavra/contracts';
import { analyseCommandLine, operationRank, type CommandFacts } from './typed-commands.ts';

/** An action as an agent describes it; `operation` may be left for CAVRA to infer. */
export interface ActionInput {
  type: ActionType;
  target: string;
  operation?: string;
  command?: string;
  args?: Record<string, unknown>;
}

/** An action with its operation inferred. */
export interface NormalisedAction {
  type: ActionType;
  target: string;
  operation: string;
  command?: string;
}

/** Everything the evaluator derives from an action, computed once per evaluation. */
export interface AnalysedAction {
  action: NormalisedAction;
  /** The simple commands of the command line; one pseudo-command for file and MCP actions. */
  commands: CommandFacts[];
  /** The MCP server an `mcp_tool_call` goes to. */
  mcpServer: string | undefined;
}

const DEFAULT_OPERATIONS: Record<ActionType, string> = {
  read_file: 'read',
  write_file: 'write',
  execute_command: 'execute',
  git_operation: 'execute',
  mcp_tool_call: 'call',
  pull_request: 'open',
};

/**
 * Infers the normalised operation of an action: `read_file` -> `read`, `write_file` -> `write`,
 * `terraform apply -auto-approve` -> `apply`, `git push --force origin main` -> `force_push`,
 * `kubectl delete ns prod` -> `delete`. For commands the operation is read from the command line
 * (the most harmful simple command in it), whatever the agent claimed.
 */
export function normaliseAction(action: ActionInput): NormalisedAction {
  return analyseAction(action).action;
}

/** Normalises an action and recognises the typed commands inside it. */
export function analyseAction(action: ActionInput): AnalysedAction {
  const commands = commandFacts(action);
  const recognised = commands.filter((c) => c.operation !== 'execute');
  const strongest = recognised.reduce<CommandFacts | undefined>(
    (best, c) => (best && operationRank(best.operation) >= operationRank(c.operation) ? best : c),
    undefined,
  );
  const operation = strongest?.operation ?? action.operation ?? DEFAULT_OPERATIONS[action.type];
  const normalised: NormalisedAction = { type: action.type, target: action.target, operation };
  if (action.command !== undefined) normalised.command = action.command;

  const pseudo: CommandFacts = {
    program: '',
    operation,
    flags: [],
    refs: [],
    environment: undefined,
    text: action.command ?? action.target,
  };
  return {
    action: normalised,
    commands: commands.length > 0 ? commands : [pseudo],
    mcpServer: action.type === 'mcp_tool_call' ? mcpServerOf(action) : undefined,
  };
}

function commandFacts(action: ActionInput): CommandFacts[] {
  if (action.type === 'execute_command') return analyseCommandLine(action.command ?? action.target);
  if (action.type !== 'git_operation') return [];
  const line = (action.command ?? action.target).trim();
  return analyseCommandLine(/^(\S*\/)?git(\s|$)/.test(line) ? line : `git ${line}`);
}

/**
 * The MCP server of a tool call: `args.server` when given, else the server part of the target
 * written `server/tool`, `server:tool`, `server.tool` or `mcp__server__tool`.
 */
function mcpServerOf(action: ActionInput): string {
  const server = action.args?.['server'];
  if (typeof server === 'string' && server.length > 0) return server;
  const target = action.target;
  const prefixed = /^mcp__(.+?)__/.exec(target);
  if (prefixed) return prefixed[1] as string;
  const cut = target.search(/[/:.]/);
  return cut > 0 ? target.slice(0, cut) : target;
}
