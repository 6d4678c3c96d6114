/** Templates of command lines, tool-call arguments, diffs, CI logs and HTTP traces. */
import type { Template } from './case.ts';

export const commandTemplates: Template[] = [
  {
    kind: 'agent-command',
    write: (c) =>
      [
        `mysql -h ${c.k(c.f.host())} -u ${c.k(c.f.user())} -p${c.s('password', c.f.password())} ` +
          `${c.k(c.f.word())} < ${c.k('migrations/0042_add_index.sql')}`,
        `mysqldump -u ${c.k(c.f.user())} -p ${c.s('password', c.f.urlPassword())} ` +
          `--single-transaction ${c.k(c.f.word())}`,
        `PGPASSWORD=${c.s('password', c.f.urlPassword())} psql -h ${c.k(c.f.host())} -U ` +
          `${c.k(c.f.user())} -d ${c.k(c.f.word())} -c 'select 1'`,
        `redis-cli -h ${c.k(c.f.host())} -p ${c.k('6379')} -a ` +
          `${c.s('password', c.f.urlPassword())} INFO`,
        `docker run -p ${c.k('8080:80')} -e ` +
          `MYSQL_ROOT_PASSWORD=${c.s('password', c.f.urlPassword())} ${c.k('mysql:8.4')}`,
        `ssh -p ${c.k('2222')} ${c.k(c.f.user() + '@' + c.f.host())} 'uptime'`,
      ].join('\n'),
  },
  {
    kind: 'agent-command',
    write: (c) =>
      [
        `echo "$TOKEN" | docker login ${c.k('ghcr.io')} -u ${c.k(c.f.user())} ` +
          `${c.k('--password-stdin')}`,
        `docker login -u ${c.k(c.f.user())} -p ${c.s('password', c.f.urlPassword())} ` +
          `${c.k('registry.corp.internal')}`,
        `gh auth login --with-token <<< ${c.s('github_token', c.f.githubToken())}`,
        `npm publish --//registry.npmjs.org/:_authToken=${c.s('npm_token', c.f.npmToken())}`,
        `twine upload -u __token__ -p ${c.s('pypi_token', c.f.pypiToken())} ${c.k('dist/*')}`,
        `vault login ${c.s('vault_token', c.f.vaultToken())}`,
        `terraform apply -var "db_password=${c.s('password', c.f.urlPassword())}" -var ` +
          `region=${c.k('eu-central-1')}`,
        `./deploy.sh --api-key ${c.s('api_key', c.f.genericKey())} --env ${c.k('production')} ` +
          `--client-secret=${c.s('client_secret', c.f.genericKey())}`,
        `kubectl create secret generic ${c.k('db-creds')} ` +
          `--from-literal=password=${c.s('password', c.f.urlPassword())}`,
        `keytool -importkeystore -srckeystore ${c.k('in.p12')} -srcstorepass ` +
          `${c.s('password', c.f.urlPassword())} -deststorepass ` +
          `${c.s('password', c.f.urlPassword())}`,
        `openssl pkcs12 -export -in ${c.k('cert.pem')} -passout ` +
          `pass:${c.s('password', c.f.urlPassword())} -out ${c.k('bundle.p12')}`,
        `sshpass -p ${c.s('password', c.f.urlPassword())} ssh ` +
          `${c.k(c.f.user() + '@' + c.f.host())}`,
      ].join('\n'),
  },
  {
    kind: 'curl',
    write: (c) =>
      [
        `curl -sS -X POST ${c.k('https://api.stripe.com/v1/charges')} -u ` +
          `${c.s('stripe_secret_key', c.f.stripeKey())}: -d amount=${c.k('2000')}`,
        `curl -H "Authorization: Bearer ${c.s('authorization_header', c.f.bearer())}" ` +
          `${c.k('https://api.corp.internal/v2/orders?limit=50')}`,
        `curl -H 'Authorization: token ${c.s('github_token', c.f.githubToken())}' ` +
          `${c.k('https://api.github.com/repos/corp/app/pulls')}`,
        `curl -u ${c.k(c.f.user())}:${c.s('password', c.f.urlPassword())} ` +
          `${c.k('https://jenkins.corp.internal/job/build/lastBuild/api/json')}`,
        `curl -H "X-API-Key: ${c.s('api_key', c.f.genericKey())}" -H "X-Request-Id: ` +
          `${c.k(c.f.uuid())}" ${c.k('https://metrics.corp.internal/ingest')}`,
        `curl -H "DD-API-KEY: ${c.s('datadog_api_key', c.f.hex32())}" ` +
          `${c.k('https://api.datadoghq.eu/api/v1/validate')}`,
        `curl -X POST -H 'Content-type: application/json' --data '{"text":"deploy done"}' ` +
          `https://hooks.slack.com/services/${c.s('slack_webhook_url', c.f.slackWebhookPath())}`,
        `curl "${c.k('https://maps.googleapis.com/maps/api/geocode/json')}?address=` +
          `${c.k('Berlin')}&key=${c.s('google_api_key', c.f.googleApiKey())}"`,
        `curl -u ${c.k(c.f.twilioAccount())}:${c.s('twilio_auth_token', c.f.hex32())} ` +
          `${c.k('https://api.twilio.com/2010-04-01/Accounts.json')}`,
        `curl -H "Authorization: Bearer \${${c.k('API_TOKEN')}}" ` +
          `${c.k('https://api.corp.internal/health')}`,
      ].join('\n'),
  },
  {
    kind: 'http-trace',
    write: (c) =>
      [
        `POST ${c.k('/api/v1/sessions')} HTTP/1.1`,
        `Host: ${c.k(c.f.host())}`,
        `Authorization: Basic ${c.s('authorization_header', c.f.basicCredential(c.f.user()))}`,
        `Proxy-Authorization: Bearer ${c.s('authorization_header', c.f.bearer())}`,
        `traceparent: ${c.k(`00-${c.f.traceId()}-${c.f.spanId()}-01`)}`,
        `X-Request-ID: ${c.k(c.f.requestId())}`,
        `PRIVATE-TOKEN: ${c.s('gitlab_token', c.f.gitlabToken())}`,
        `X-Vault-Token: ${c.s('vault_token', c.f.vaultToken())}`,
        `Cookie: ${c.k('theme=dark')}`,
        '',
        `{"user":"${c.k(c.f.user())}","access_token":"${c.s('jwt', c.f.jwt())}","expires_in":3600}`,
      ].join('\n'),
  },
  {
    kind: 'tool-call',
    write: (c) =>
      JSON.stringify({
        tool: 'Bash',
        input: {
          command: `export GITHUB_TOKEN=${c.s('github_token', c.f.githubPat())} && git push ${c.k('origin')} ${c.k('feature/' + c.f.word())}`,
          description: c.k('Push the branch'),
          cwd: c.k('/home/dev/src/' + c.f.word()),
        },
        session: c.k(c.f.uuid()),
      }),
  },
  {
    kind: 'tool-call',
    write: (c) =>
      JSON.stringify({
        tool: 'Write',
        input: {
          file_path: c.k('/srv/app/.env'),
          content: `OPENAI_API_KEY=${c.s('openai_api_key', c.f.openaiLegacy())}\nSENTRY_DSN=${c.k('https://o1.ingest.sentry.io/42')}\nSLACK_BOT_TOKEN=${c.s('slack_token', c.f.slackToken())}\nLOG_LEVEL=${c.k('debug')}\n`,
        },
        headers: {
          Authorization: `Bearer ${c.s('authorization_header', c.f.bearer())}`,
          'X-Trace': c.k(c.f.traceId()),
        },
      }),
  },
  {
    kind: 'tool-call',
    write: (c) =>
      JSON.stringify({
        tool: 'WebFetch',
        input: {
          url: `${c.k('https://corpstore01.blob.core.windows.net/logs/app.log')}?sv=2023-01-03&sp=r&sig=${c.s('azure_sas_token', c.f.azureSasSig())}`,
          prompt: c.k('Summarise the errors'),
          notes: `rotate ${c.s('aws_access_key_id', c.f.awsKeyId())} after ${c.k('2031-01-01')}`,
        },
        config: {
          db: `postgresql://${c.k(c.f.user())}:${c.s('connection_string_password', c.f.urlPassword())}@${c.k(c.f.host())}/${c.k(c.f.word())}`,
        },
      }),
  },
  {
    kind: 'git-diff',
    write: (c) =>
      [
        `diff --git a/${c.k('config/settings.py')} b/config/settings.py`,
        `index ${c.k(c.f.gitSha().slice(0, 7))}..${c.k(c.f.gitSha().slice(0, 7))} 100644`,
        '--- a/config/settings.py',
        '+++ b/config/settings.py',
        `@@ -10,7 +10,8 @@ ${c.k('DATABASES')} = {`,
        `-SECRET_KEY = os.environ["${c.k('DJANGO_SECRET_KEY')}"]`,
        `+SECRET_KEY = "${c.s('api_key', c.f.genericKey())}"`,
        `+SENDGRID_KEY = "${c.s('sendgrid_api_key', c.f.sendgridKey())}"`,
        `+STRIPE = "${c.s('stripe_secret_key', c.f.stripeKey())}"`,
        `+HF = "${c.s('huggingface_token', 'hf_' + c.f.genericKey().slice(0, 3) + 'Q' + c.f.gitSha().slice(0, 30))}"`,
        `-    "PASSWORD": "${c.s('password', c.f.password())}",`,
        `+    "PASSWORD": ${c.k('os.environ["DB_PASSWORD"]')},`,
        ` ${c.k('ALLOWED_HOSTS')} = ["${c.k(c.f.host())}"]`,
      ].join('\n'),
  },
  {
    kind: 'git-diff',
    write: (c) => {
      const key = c.f.pem(
        c.r.pick(['RSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'EC PRIVATE KEY']),
        5,
      );
      key.slice(1, -1).forEach((line) => c.s('private_key', line));
      return [
        `diff --git a/${c.k('deploy/id_deploy')} b/deploy/id_deploy`,
        'new file mode 100600',
        '--- /dev/null',
        '+++ b/deploy/id_deploy',
        ...key.map((l) => `+${l}`),
        `commit ${c.k(c.f.gitSha())}`,
        `Author: ${c.k(c.f.user())} <${c.k(c.f.user() + '@corp.internal')}>`,
      ].join('\n');
    },
  },
  {
    kind: 'ci-log',
    write: (c) =>
      [
        `2025-06-01T10:00:0${c.r.int(0, 9)}Z [${c.k('build')}] Run ${c.k('actions/checkout@v4')}`,
        `2025-06-01T10:00:11Z git remote set-url origin ` +
          `https://x-access-token:${c.s('github_token', c.f.githubToken())}@github.com/` +
          `${c.k('corp/app')}.git`,
        `2025-06-01T10:00:12Z GITLAB_TOKEN=${c.s('gitlab_token', c.f.gitlabToken())}`,
        `2025-06-01T10:00:13Z Using image digest ${c.k('sha256:' + c.f.sha256())}`,
        `2025-06-01T10:00:14Z token=${c.k('***')} user=${c.k(c.f.user())}`,
        `2025-06-01T10:00:15Z Request ${c.k(c.f.uuid())} failed: 401 for key ` +
          `${c.s('google_api_key', c.f.googleApiKey())}`,
        `2025-06-01T10:00:16Z jwt=${c.s('jwt', c.f.jwt())} trace_id=${c.k(c.f.traceId())}`,
        `2025-06-01T10:00:17Z vault token ${c.s('vault_token', c.f.vaultLegacy())} renewed`,
        `2025-06-01T10:00:18Z artifact ${c.k('s3://corp-artifacts/' + c.f.gitSha() + '.tar.gz')} ` +
          `md5 ${c.k(c.f.hex32())}`,
        `2025-06-01T10:00:19Z payload ${c.k(c.f.b64Text())} ok`,
        `2025-06-01T10:00:20Z twilio key ${c.s('twilio_api_key', c.f.twilioSid())} loaded`,
        `2025-06-01T10:00:21Z AWS example ${c.k('AKIAIOSFODNN7EXAMPLE')} ignored`,
      ].join('\n'),
  },
  {
    kind: 'log-line',
    write: (c) =>
      JSON.stringify({
        level: 30,
        msg: `calling ${c.k('https://api.openai.com/v1/responses')} with key ${c.s('openai_api_key', c.f.openaiKey())}`,
        err: `AuthError: ${c.s('anthropic_api_key', c.f.anthropicKey())} rejected for ${c.k(c.f.user())}`,
        reqId: c.k(c.f.requestId()),
        spanId: c.k(c.f.spanId()),
        digest: c.k(c.f.sha256()),
      }),
  },
  {
    kind: 'cloud-cli',
    write: (c) =>
      [
        `$ aws sts assume-role --role-arn ${c.k(`arn:aws:iam::${c.f.accountId()}:role/ci`)} --role-session-name ${c.k('ci')}`,
        JSON.stringify(
          {
            Credentials: {
              AccessKeyId: c.s('aws_access_key_id', c.f.awsKeyId()),
              SecretAccessKey: c.s('aws_secret_access_key', c.f.awsSecret()),
              SessionToken: c.s('token', c.f.awsSessionToken()),
              Expiration: c.k('2031-01-01T00:00:00Z'),
            },
            AssumedRoleUser: { Arn: c.k(`arn:aws:sts::${c.f.accountId()}:assumed-role/ci/ci`) },
          },
          null,
          2,
        ),
        `$ az login --service-principal -u ${c.k(c.f.uuid())} -p ` +
          `${c.s('password', c.f.urlPassword())} --tenant ${c.k(c.f.uuid())}`,
        `$ cat ~/.netrc`,
        `machine ${c.k('api.github.com')} login ${c.k(c.f.user())} password ` +
          `${c.s('password', c.f.urlPassword())}`,
        `$ curl -X POST https://corp.webhook.office.com/webhookb2/${c.s('teams_webhook_url', `${c.f.uuid()}@${c.f.uuid()}/IncomingWebhook/${c.f.hex32()}/${c.f.uuid()}`)}`,
      ].join('\n'),
  },
];
