/**
 * Evaluations per second of the baseline pack on a mix of actions, and the slowest evaluation
 * of hostile command lines (16 KiB, built to make command patterns backtrack).
 * Run: pnpm exec tsx packages/policy/bench/evaluate.ts
 */
import { performance } from 'node:perf_hooks';
import { BASELINE_PACK_ID, evaluate, PolicyRegistry, type PolicyInput } from '../src/index.ts';

const pack = PolicyRegistry.withBuiltins().get(BASELINE_PACK_ID);
const tenant = 'acme';
const command = (line: string): PolicyInput => ({
  tenant,
  action: { type: 'execute_command', target: 'shell', command: line },
});

const mix: PolicyInput[] = [
  { tenant, action: { type: 'read_file', target: 'src/app/main.ts' } },
  { tenant, action: { type: 'write_file', target: 'src/app/handler.ts' } },
  { tenant, action: { type: 'read_file', target: '/home/dev/app/.env' } },
  { tenant, action: { type: 'write_file', target: '.github/workflows/ci.yml' } },
  { tenant, action: { type: 'mcp_tool_call', target: 'github/create_issue' } },
  { tenant, action: { type: 'pull_request', target: 'acme/app#12' } },
  command('npm test -- --run'),
  command('terraform apply -auto-approve'),
  command('kubectl --context prod-eu delete deploy api'),
  command('git push --force origin main'),
];

function rate(inputs: PolicyInput[], seconds: number): number {
  let count = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (const input of inputs) evaluate(input, pack, 'enforce');
    count += inputs.length;
  }
  return count / seconds;
}

function slowest(inputs: PolicyInput[]): number {
  let worst = 0;
  for (const input of inputs) {
    const start = performance.now();
    evaluate(input, pack, 'enforce');
    worst = Math.max(worst, performance.now() - start);
  }
  return worst;
}

const size = 16_384;
const hostile = [
  command(' '.repeat(size)),
  command('a'.repeat(size)),
  command('x=.env'.repeat(size / 6)),
  command(`cat ${'/'.repeat(size - 4)}`),
  command(`git push -f origin ${'+a:'.repeat(size / 4)}`),
  command(`"${'$('.repeat(size / 3)}`),
  command(`kubectl ${'-n prod '.repeat(size / 8)}`),
].map((input) => ({
  ...input,
  action: { ...input.action, command: input.action.command?.slice(0, size) },
}));

const print = (line: string): void => void process.stdout.write(`${line}\n`);

rate(mix, 0.5); // warm-up
print(`baseline rules: ${pack.rules.length}`);
print(`evaluations/s (mixed actions, 1 core): ${Math.round(rate(mix, 3)).toLocaleString('en')}`);
print(`slowest hostile 16 KiB command line: ${slowest(hostile).toFixed(2)} ms`);
