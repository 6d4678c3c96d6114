import type { DecisionRequest } from '@cavra/contracts';

/** Obviously fake credentials the demo plants; the sinks must show them redacted. */
export const DEMO_FAKE_AWS_KEY = 'AKIAQ3FAKEKEY7DEMOXY';
export const DEMO_FAKE_GITHUB_TOKEN = 'ghp_FAKEdemo0Token1For2Cavra3Demo4Only56';

type Action = DecisionRequest['action'];

const SCRIPT: { label: string; action: Action; repository?: string }[] = [
  { label: 'read source', action: { type: 'read_file', target: 'src/app.ts' } },
  { label: 'edit source', action: { type: 'write_file', target: 'src/app.ts', operation: 'edit' } },
  { label: 'read .env', action: { type: 'read_file', target: '.env' } },
  { label: 'run tests', action: { type: 'execute_command', target: 'shell', command: 'npm test' } },
  {
    label: 'terraform apply',
    action: { type: 'execute_command', target: 'infra/', command: 'terraform apply -auto-approve' },
  },
  {
    label: 'force push to main',
    action: {
      type: 'git_operation',
      target: 'main',
      operation: 'push',
      command: 'git push --force origin main',
    },
  },
  {
    label: 'unknown MCP server',
    action: {
      type: 'mcp_tool_call',
      target: 'mcp://unknown-server.example/tools/exec',
      operation: 'call',
    },
  },
  {
    label: 'open a PR',
    action: { type: 'pull_request', target: 'acme/payments#42', operation: 'open' },
  },
  {
    label: 'AWS key on the command line',
    action: {
      type: 'execute_command',
      target: 'shell',
      command: `AWS_ACCESS_KEY_ID=${DEMO_FAKE_AWS_KEY} aws s3 ls s3://acme-backups`,
    },
  },
  {
    label: 'GitHub token in a clone URL',
    action: {
      type: 'execute_command',
      target: 'shell',
      command: `git clone https://${DEMO_FAKE_GITHUB_TOKEN}@github.com/acme/payments.git`,
    },
  },
  {
    label: 'delete a namespace',
    action: {
      type: 'execute_command',
      target: 'cluster',
      command: 'kubectl delete namespace payments',
    },
  },
  { label: 'read the README', action: { type: 'read_file', target: 'README.md' } },
];

/** The scripted agent session: about a dozen actions, from harmless to alarming. */
export function demoRequests(tenant: string): { label: string; request: DecisionRequest }[] {
  const sessionId = `demo-${Date.now().toString(36)}`;
  return SCRIPT.map(({ label, action, repository }, i) => ({
    label,
    request: {
      correlationId: `${sessionId}-${i + 1}`,
      sessionId,
      tenant,
      agent: { id: 'demo-agent', name: 'Demo coding agent', vendor: 'cavra-demo' },
      actor: 'demo.user@example.com',
      action,
      repository: repository ?? 'acme/payments',
    },
  }));
}
