import { userInfo } from 'node:os';
import type { Command } from 'commander';
import {
  ActionType,
  type Decision,
  DecisionRequest,
  EventTypes,
  fieldIssues,
  Outcome,
  PolicyMode,
  TenantId,
} from '@cavra/contracts';
import { decide } from '@cavra/decision-service';
import { LOCAL_LEDGER_PATH, localLedger } from '@cavra/evidence';
import { BASELINE_PACK_ID, PolicyError, PolicyRegistry } from '@cavra/policy';

interface EvaluateOptions {
  json?: boolean;
  policyPack?: string;
  mode: string;
  tenant: string;
  command?: string;
  session: string;
  agent: string;
  actor?: string;
  repository?: string;
  failOn?: string;
  policyDir?: string;
  record: boolean;
}

/** Bad command-line input: printed as is, exit code 2. */
class UsageError extends Error {
  readonly code = 'usage';
  readonly retryable = false;
}

/** Registers `cavra evaluate ACTION_TYPE TARGET`. */
export function register(program: Command): void {
  program
    .command('evaluate')
    .description('decide locally (no server) whether an agent action is allowed')
    .argument('<actionType>', `one of ${ActionType.options.join(', ')}`)
    .argument('<target>', 'file path, command line (execute_command), repository, tool, ...')
    .option('--json', 'print the full decision record as JSON')
    .option('--policy-pack <id>', `policy pack to judge by (default ${BASELINE_PACK_ID})`)
    .option('--mode <mode>', `one of ${PolicyMode.options.join(', ')}`, 'enforce')
    .option('--tenant <tenant>', 'tenant the decision belongs to', 'local')
    .option('--command <cmd>', 'command line, when it differs from the target')
    .option('--session <id>', 'agent session id', 'cli')
    .option('--agent <id>', 'agent id', 'cli')
    .option('--actor <name>', 'who the agent acts for (default: the current user)')
    .option('--repository <repo>', 'repository the action happens in')
    .option('--fail-on <outcomes>', 'exit 1 when the outcome is one of these (comma-separated)')
    .option('--policy-dir <dir>', 'directory of extra policy packs (*.yaml)')
    .option('--no-record', 'do not append the decision to the local evidence ledger')
    .action(async (actionType: string, target: string, options: EvaluateOptions) => {
      try {
        process.exitCode = await evaluateCommand(actionType, target, options);
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        console.error(`cavra evaluate: ${err.message}`);
        process.exitCode = 2;
      }
    });
}

async function evaluateCommand(
  actionType: string,
  target: string,
  options: EvaluateOptions,
): Promise<number> {
  const failOn = parseFailOn(options.failOn);
  const mode = oneOf(PolicyMode, options.mode, '--mode');
  const tenant = oneOfPattern(TenantId, options.tenant, '--tenant');
  const registry = loadRegistry(options.policyDir);
  const packId = options.policyPack ?? BASELINE_PACK_ID;
  resolvePack(registry, packId);

  const request = buildRequest(actionType, target, options);
  const context = { registry, tenant: { id: tenant, policyPacks: [packId], mode } };
  const { decision } = decide(request, context);

  const recorded = options.record ? await record(decision) : undefined;
  if (options.json) console.log(JSON.stringify(decision, null, 2));
  else printSummary(decision, recorded);
  return failOn.includes(decision.outcome) ? 1 : 0;
}

function buildRequest(actionType: string, target: string, options: EvaluateOptions) {
  const type = oneOf(ActionType, actionType, 'ACTION_TYPE');
  const command = options.command ?? (type === 'execute_command' ? target : undefined);
  const parsed = DecisionRequest.safeParse({
    sessionId: options.session,
    agent: { id: options.agent },
    actor: options.actor ?? currentUser(),
    action: { type, target, ...(command !== undefined && { command }) },
    ...(options.repository !== undefined && { repository: options.repository }),
  });
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error).map((i) => `${i.path}: ${i.message}`);
    throw new UsageError(`invalid input: ${issues.join('; ')}`);
  }
  return parsed.data;
}

function oneOf<T extends string>(
  schema: { options: readonly T[]; safeParse(v: unknown): { success: boolean } },
  value: string,
  what: string,
): T {
  if (schema.safeParse(value).success) return value as T;
  throw new UsageError(
    `unknown ${what.replace(/^--/, '')} "${value}": expected one of ${schema.options.join(', ')}`,
  );
}

function oneOfPattern(
  schema: { safeParse(v: unknown): { success: boolean } },
  value: string,
  what: string,
) {
  if (schema.safeParse(value).success) return value;
  throw new UsageError(`${what}: expected lower-case letters, digits and dashes, got "${value}"`);
}

function parseFailOn(list: string | undefined): Decision['outcome'][] {
  if (list === undefined) return [];
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => oneOf(Outcome, s, '--fail-on outcome'));
}

function loadRegistry(dir: string | undefined): PolicyRegistry {
  try {
    return dir ? PolicyRegistry.fromDirectory(dir) : PolicyRegistry.withBuiltins();
  } catch (err) {
    if (err instanceof PolicyError) throw new UsageError(`--policy-dir ${dir}: ${err.message}`);
    throw err;
  }
}

function resolvePack(registry: PolicyRegistry, packId: string): void {
  try {
    registry.get(packId);
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    const known = err.code === 'unknown_pack' ? ` (known packs: ${registry.ids().join(', ')})` : '';
    throw new UsageError(`--policy-pack: ${err.message}${known}`);
  }
}

/** Appends the decision to `.cavra/evidence.db`; returns its seq in the tenant's chain. */
async function record(decision: Decision): Promise<number> {
  const ledger = await localLedger(process.cwd());
  try {
    const entry = await ledger.append({
      tenant: decision.tenant,
      recordId: decision.decisionId,
      recordType: EventTypes.decision,
      record: decision,
    });
    return entry.seq;
  } finally {
    await ledger.close();
  }
}

function printSummary(decision: Decision, seq: number | undefined): void {
  const { action, policy } = decision;
  const rows: [string, string | undefined][] = [
    ['severity', decision.severity],
    ['rule', policy.ruleId],
    ['reason', decision.reason],
    ['policy', `${policy.pack}@${policy.version} (${policy.digest.slice(0, 19)}...)`],
    ['mode', decision.mode],
    ['operation', action.operation],
    ['approver', decision.approverGroup],
    ['decision', decision.decisionId],
    ['evidence', seq === undefined ? 'not recorded' : `${LOCAL_LEDGER_PATH} seq ${seq}`],
  ];
  console.log(`${decision.outcome.toUpperCase()}  ${action.type} ${action.target}`);
  for (const [label, value] of rows) {
    if (value !== undefined) console.log(`  ${label.padEnd(9)} ${value}`);
  }
}

function currentUser(): string {
  try {
    return userInfo().username || 'cli';
  } catch {
    // No passwd entry for this uid (containers): fall back to a neutral actor.
    return 'cli';
  }
}
