import { describe, expect, it } from 'vitest';
import { analyseCommandLine, normaliseAction } from '../src/index.ts';

const op = (command: string): string =>
  normaliseAction({ type: 'execute_command', target: 'shell', command }).operation;

describe('normaliseAction', () => {
  it('infers file operations', () => {
    expect(normaliseAction({ type: 'read_file', target: 'a.ts' }).operation).toBe('read');
    expect(normaliseAction({ type: 'write_file', target: 'a.ts' }).operation).toBe('write');
    expect(normaliseAction({ type: 'pull_request', target: 'acme/app#1' }).operation).toBe('open');
  });

  it.each([
    ['terraform plan -out plan.out', 'plan'],
    ['terraform apply -auto-approve', 'apply'],
    ['terraform apply -destroy', 'destroy'],
    ['tofu destroy', 'destroy'],
    ['terraform import aws_s3_bucket.b b', 'import'],
    ['terraform state rm aws_db_instance.main', 'state_rm'],
    ['kubectl delete ns prod', 'delete'],
    ['kubectl -n prod apply -f deploy.yaml', 'apply'],
    ['kubectl exec -it api-0 -- sh', 'exec'],
    ['helm uninstall api', 'uninstall'],
    ['helm delete api', 'uninstall'],
    ['helm upgrade --install api ./chart', 'upgrade'],
    ['aws iam create-access-key --user-name ci', 'iam'],
    ['aws iam get-user', 'read'],
    ['aws ec2 terminate-instances --instance-ids i-1', 'terminate'],
    ['aws s3 rb s3://bucket --force', 'delete'],
    ['gcloud iam service-accounts keys create k.json', 'iam'],
    ['az role assignment create --role Owner', 'iam'],
    ['az group delete -n rg-1', 'delete'],
    ['git push --force origin main', 'force_push'],
    ['git push origin +feature', 'force_push'],
    ['git push origin main', 'push'],
    ['git commit -m "rm -rf /"', 'commit'],
    ['rm -rf /', 'wipe'],
    ['rm -r -f ~', 'wipe'],
    ['rm -rf *', 'wipe'],
    ['rm --no-preserve-root -r /', 'wipe'],
    ['rm -rf build', 'delete'],
    ['npm test', 'execute'],
  ])('%s -> %s', (command, operation) => {
    expect(op(command)).toBe(operation);
  });

  it('names a compound command line by its most harmful part', () => {
    expect(op('terraform plan && terraform destroy')).toBe('destroy');
    expect(op('git status; git push -f origin main | tee log')).toBe('force_push');
  });

  it('ignores the operation an agent claims for a recognised command', () => {
    const action = { type: 'execute_command' as const, target: 'sh', operation: 'read' };
    expect(normaliseAction({ ...action, command: 'terraform destroy' }).operation).toBe('destroy');
    expect(normaliseAction({ ...action, command: 'make' }).operation).toBe('read');
  });

  it('reads git operations written without the git word', () => {
    const action = { type: 'git_operation' as const, target: 'push --force origin main' };
    expect(normaliseAction(action).operation).toBe('force_push');
  });
});

describe('analyseCommandLine', () => {
  it('finds production in contexts, namespaces, profiles and projects', () => {
    const production = (line: string) => analyseCommandLine(line)[0]?.environment;
    expect(production('kubectl --context=prod-eu delete pod a')).toBe('production');
    expect(production('kubectl -n production get pods')).toBe('production');
    expect(production('kubectl delete namespace prod')).toBe('production');
    expect(production('aws --profile production ec2 terminate-instances')).toBe('production');
    expect(production('gcloud compute instances delete a --project shop-prd')).toBe('production');
    expect(production('kubectl --context staging delete pod a')).toBeUndefined();
    expect(production('kubectl delete pod product-api')).toBeUndefined();
  });

  it('lists pushed branches, HEAD when none is named, * for --all', () => {
    const refs = (line: string) => analyseCommandLine(line)[0]?.refs;
    expect(refs('git push -f origin main feat/a')).toEqual(['main', 'feat/a']);
    expect(refs('git push origin +HEAD:refs/heads/release/1.0')).toEqual(['release/1.0']);
    expect(refs('git push --force')).toEqual(['HEAD']);
    expect(refs('git push --mirror origin')).toEqual(['*']);
  });

  it('follows sh -c, eval and command substitution', () => {
    expect(analyseCommandLine("sh -c 'kubectl delete ns prod'")[0]?.operation).toBe('delete');
    expect(analyseCommandLine('eval rm -rf /').map((c) => c.operation)).toContain('wipe');
    expect(analyseCommandLine('echo `rm -rf ~`').map((c) => c.operation)).toContain('wipe');
  });

  it('keeps quoted words whole', () => {
    const [facts] = analyseCommandLine(`git commit -m "a; rm -rf /" && echo 'x|y'`);
    expect(facts?.operation).toBe('commit');
    expect(analyseCommandLine(`git commit -m "a; rm -rf /"`)).toHaveLength(1);
  });
});
