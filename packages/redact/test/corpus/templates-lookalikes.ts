/** Texts full of tokens that look like secrets but are not: all must survive redaction. */
import type { Template } from './case.ts';

export const lookalikeTemplates: Template[] = [
  {
    kind: 'lookalikes',
    write: (c) =>
      [
        `git log --oneline ${c.k(c.f.gitSha())}..${c.k(c.f.gitSha())}`,
        `docker pull ${c.k('ghcr.io/corp/api@sha256:' + c.f.sha256())}`,
        `aws sts assume-role --role-arn ${c.k(`arn:aws:iam::${c.f.accountId()}:role/${c.f.word()}`)} --role-session-name ${c.k('ci-' + c.f.spanId())}`,
        `aws s3 cp ${c.k('s3://corp-data/' + c.f.uuid() + '.parquet')} ${c.k('/tmp/in.parquet')}`,
        `kubectl get secret ${c.k('db-creds')} -o jsonpath='{.data.password}'`,
        `ssh -i ${c.k('~/.ssh/id_ed25519')} -p ${c.k('2222')} ` +
          `${c.k(c.f.user() + '@' + c.f.host())}`,
        `docker run -p ${c.k('5432:5432')} -e POSTGRES_PASSWORD=${c.k('${POSTGRES_PASSWORD}')} ` +
          `${c.k('postgres:16')}`,
        `psql ${c.k(`postgres://${c.f.user()}@${c.f.host()}:5432/${c.f.word()}`)}`,
        `git clone ${c.k('git@github.com:corp/' + c.f.word() + '.git')}`,
        `echo ${c.k(c.f.b64Text())} | base64 -d`,
        `export ${c.k('AWS_ACCESS_KEY_ID')}=${c.k('$AWS_ACCESS_KEY_ID')}`,
        `export GITHUB_TOKEN=${c.k('<your-token>')}`,
        `python train.py --max-tokens ${c.k('8192')} --tokenizer ${c.k('cl100k_base')} --seed ` +
          `${c.k('1234')}`,
        `pip install ${c.k('scikit-learn')} ${c.k('sk-video')} && npm i ` +
          `${c.k('task-runner-' + c.f.word())}`,
        `curl ${c.k(`https://api.corp.internal/v1/items/${c.f.uuid()}?page_token=`)}`,
        `grep -rn "${c.k('password')}" ${c.k('src/')}`,
      ].join('\n'),
  },
  {
    kind: 'lookalikes',
    write: (c) =>
      JSON.stringify({
        event: c.k('decision'),
        traceId: c.k(c.f.traceId()),
        spanId: c.k(c.f.spanId()),
        commit: c.k(c.f.gitSha()),
        sha256: c.k(c.f.sha256()),
        tokenCount: 812,
        max_tokens: 4096,
        passwordPolicy: c.k('min12'),
        secretName: c.k('tls-' + c.f.word()),
        token_type: c.k('Bearer'),
        password: c.k('********'),
        api_key: c.k('<API_KEY>'),
        secret: c.k('${file:/run/secrets/' + c.f.word() + '}'),
        token: c.k('${env:CI_TOKEN}'),
        auth: c.k('REDACTED'),
        client_secret: c.k('xxx'),
        user: c.k(c.f.user()),
        host: c.k(c.f.host()),
        arn: c.k(`arn:aws:kms:eu-west-1:${c.f.accountId()}:key/${c.f.uuid()}`),
        etag: c.k(c.f.hex32()),
        requestId: c.k(c.f.requestId()),
        content: c.k(c.f.b64Text()),
        command: c.k(`git commit -m "rotate ${c.f.word()} keys"`),
      }),
  },
  {
    kind: 'source-code',
    write: (c) =>
      [
        `import { ${c.k('TenantAuth')} } from './auth.ts';`,
        'export interface KeyPair {',
        `  ${c.k('privateKeyPem: string;')}`,
        `  ${c.k('publicKeyPem: string;')}`,
        '}',
        `const signing = { ${c.k('signingKey: keys.privateKeyPem')} };`,
        `const auth = ${c.k('new TenantAuth(config.tenants)')};`,
        `const schema = z.object({ ${c.k('password: secretString,')} ` +
          `${c.k('token: z.string().min(1)')} });`,
        `const credentials = { ...sasl, ${c.k('password: sasl.password.reveal()')} };`,
        `const token = ${c.k('await getToken(')}${c.k("'" + c.f.word() + "'")});`,
        `${c.k('DB_PASSWORD = os.environ["DB_PASSWORD"]')}`,
        `${c.k('api_key = settings.API_KEY')}`,
        `${c.k('secret: WEBHOOK_SECRET,')}`,
        `const apiKey = "${c.s('api_key', c.f.genericKey())}";`,
        `client = Client(api_key="${c.s('api_key', c.f.genericKey())}", ${c.k('timeout=30')})`,
        `conn = psycopg.connect(host="${c.k(c.f.host())}", ` +
          `password="${c.s('password', c.f.password())}")`,
        `${c.k('if (password.length < 12) throw new PasswordTooShort();')}`,
      ].join('\n'),
  },
];
