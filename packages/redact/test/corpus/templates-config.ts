/** Templates of configuration files: env, YAML, JSON, INI, HCL, properties, docker, npm. */
import type { Template } from './case.ts';

export const configTemplates: Template[] = [
  {
    kind: 'env-file',
    write: (c) =>
      [
        `# ${c.k(c.f.word())} service`,
        `${c.k('DATABASE_HOST')}=${c.k(c.f.host())}`,
        `DB_USER=${c.k(c.f.user())}`,
        `DB_PASSWORD=${c.s('password', c.f.password())}`,
        `export AWS_ACCESS_KEY_ID=${c.s('aws_access_key_id', c.f.awsKeyId())}`,
        `export AWS_SECRET_ACCESS_KEY=${c.s('aws_secret_access_key', c.f.awsSecret())}`,
        `AWS_SESSION_TOKEN="${c.s('aws_session_token', c.f.awsSessionToken())}"`,
        `AWS_REGION=${c.k('eu-west-1')}`,
        `STRIPE_SECRET_KEY=${c.s('stripe_secret_key', c.f.stripeKey())}`,
        `REDIS_URL=redis://:${c.s('connection_string_password', c.f.urlPassword())}@` +
          `${c.k(c.f.host())}:6379/0`,
        `GIT_COMMIT=${c.k(c.f.gitSha())}`,
        `API_TOKEN=\${${c.k('VAULT_API_TOKEN')}}`,
        `MAX_TOKENS=${c.k('4096')}`,
      ].join('\n'),
  },
  {
    kind: 'env-file',
    write: (c) =>
      [
        `DD_API_KEY=${c.s('datadog_api_key', c.f.hex32())}`,
        `DD_APP_KEY=${c.s('datadog_api_key', c.f.hex40())}`,
        `TWILIO_ACCOUNT_SID=${c.k(c.f.twilioAccount())}`,
        `TWILIO_AUTH_TOKEN=${c.s('twilio_auth_token', c.f.hex32())}`,
        `SENDGRID_API_KEY=${c.s('sendgrid_api_key', c.f.sendgridKey())}`,
        `MAILGUN_API_KEY=${c.s('mailgun_api_key', c.f.mailgunKey())}`,
        `OPENAI_API_KEY=${c.s('openai_api_key', c.f.openaiKey())}`,
        `ANTHROPIC_API_KEY=${c.s('anthropic_api_key', c.f.anthropicKey())}`,
        `AZURE_CLIENT_ID=${c.k(c.f.uuid())}`,
        `AZURE_CLIENT_SECRET=${c.s('azure_client_secret', c.f.azureClientSecret())}`,
        `VAULT_ADDR=${c.k('https://vault.corp.internal:8200')}`,
        `VAULT_TOKEN=${c.s('vault_token', c.f.vaultToken())}`,
        `SECRET_PLACEHOLDER=${c.k('changeme')}`,
        `PASSWORD_FILE=${c.k('/run/secrets/db_password')}`,
      ].join('\n'),
  },
  {
    kind: 'yaml',
    write: (c) =>
      [
        'database:',
        `  host: ${c.k(c.f.host())}`,
        `  user: ${c.k(c.f.user())}`,
        `  password: ${c.s('password', c.f.password())}`,
        `  passwordFile: ${c.k('/etc/app/db.pass')}`,
        'kafka:',
        `  brokers: [${c.k(c.f.host())}:9093]`,
        '  sasl:',
        `    mechanism: ${c.k('scram-sha-512')}`,
        `    username: ${c.k(c.f.user())}`,
        `    password: "${c.s('password', c.f.password())}"`,
        'slack:',
        `  webhook: https://hooks.slack.com/services/` +
          `${c.s('slack_webhook_url', c.f.slackWebhookPath())}`,
        `  token: ${c.s('slack_token', c.f.slackToken())}`,
        `  appToken: '${c.s('slack_token', c.f.slackAppToken())}'`,
        `  channel: ${c.k('#alerts-' + c.f.word())}`,
        'github:',
        `  token: \${{ ${c.k('secrets.GITHUB_TOKEN')} }}`,
        `  sha: ${c.k(c.f.gitSha())}`,
        `image: ${c.k('registry.corp.internal/app@sha256:' + c.f.sha256())}`,
      ].join('\n'),
  },
  {
    kind: 'yaml',
    write: (c) =>
      [
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        `  name: ${c.k(c.f.word() + '-credentials')}`,
        'stringData:',
        `  api_key: ${c.s('api_key', c.f.genericKey())}`,
        `  client_secret: ${c.s('client_secret', c.f.genericKey())}`,
        `  passphrase: ${c.s('password', 'correct horse ' + c.f.password())}`,
        '---',
        'env:',
        `  - name: ${c.k('DB_PASSWORD')}`,
        '    valueFrom:',
        `      secretKeyRef: { name: ${c.k('db-creds')}, key: ${c.k('password')} }`,
        `  - name: ${c.k('TRACE_ID')}`,
        `    value: "${c.k(c.f.traceId())}"`,
        `token_count: ${c.k('1532')}`,
        `secretName: ${c.k('tls-' + c.f.word())}`,
      ].join('\n'),
  },
  {
    kind: 'json',
    write: (c) =>
      JSON.stringify(
        {
          service: c.k(c.f.word()),
          apiKey: c.s('api_key', c.f.genericKey()),
          clientSecret: c.s('client_secret', c.f.genericKey()),
          refresh_token: c.s('token', c.f.bearer()),
          google: { key: c.k('maps'), apiKey: c.s('google_api_key', c.f.googleApiKey()) },
          requestId: c.k(c.f.requestId()),
          traceId: c.k(c.f.traceId()),
          arn: c.k(`arn:aws:iam::${c.f.accountId()}:role/${c.f.word()}-deployer`),
          password: c.k('${env:DB_PASSWORD}'),
          token: c.k('${file:/run/secrets/token}'),
          max_tokens: 4096,
        },
        null,
        2,
      ),
  },
  {
    kind: 'json',
    write: (c) => {
      const body = c.f.pem('PRIVATE KEY', 8);
      body.slice(1, -1).forEach((line) => c.s('private_key', line));
      return JSON.stringify(
        {
          type: 'service_account',
          project_id: c.k(c.f.word() + '-prod-1234'),
          private_key_id: c.k(c.f.hex40()),
          private_key: body.join('\n') + '\n',
          client_email: c.k(`ci-runner@${c.f.word()}-prod.iam.gserviceaccount.com`),
          client_id: c.k(c.f.accountId() + '123456789'),
        },
        null,
        2,
      );
    },
  },
  {
    kind: 'docker-config',
    write: (c) =>
      JSON.stringify({
        auths: {
          'registry.corp.internal': { auth: c.s('docker_auth', c.f.basicCredential(c.f.user())) },
          'https://index.docker.io/v1/': {
            auth: c.s('docker_auth', c.f.basicCredential(c.f.user())),
            email: c.k('ci@corp.internal'),
          },
        },
        credHelpers: { [c.k('123456789012.dkr.ecr.eu-west-1.amazonaws.com')]: c.k('ecr-login') },
      }),
  },
  {
    kind: 'npmrc',
    write: (c) =>
      [
        `registry=${c.k('https://registry.npmjs.org/')}`,
        `//registry.npmjs.org/:_authToken=${c.s('npm_token', c.f.npmToken())}`,
        `//npm.corp.internal/:_authToken=\${${c.k('NPM_TOKEN')}}`,
        `cache=${c.k('/home/ci/.npm')}`,
        '[pypi]',
        `username = ${c.k('__token__')}`,
        `password = ${c.s('pypi_token', c.f.pypiToken())}`,
      ].join('\n'),
  },
  {
    kind: 'ini',
    write: (c) =>
      [
        '[default]',
        `aws_access_key_id = ${c.s('aws_access_key_id', c.f.awsKeyId())}`,
        `aws_secret_access_key = ${c.s('aws_secret_access_key', c.f.awsSecret())}`,
        `region = ${c.k('us-east-2')}`,
        `[profile ${c.k(c.f.word())}]`,
        `role_arn = ${c.k(`arn:aws:iam::${c.f.accountId()}:role/ReadOnly`)}`,
        `source_profile = ${c.k('default')}`,
        '[client]',
        `user = ${c.k(c.f.user())}`,
        `password = ${c.s('password', c.f.password())}`,
        `host = ${c.k(c.f.host())}`,
      ].join('\n'),
  },
  {
    kind: 'hcl',
    write: (c) =>
      [
        `resource "aws_db_instance" "${c.k(c.f.word())}" {`,
        `  username = "${c.k(c.f.user())}"`,
        `  password = "${c.s('password', c.f.password())}"`,
        `  master_password = ${c.k('var.db_master_password')}`,
        '}',
        'provider "datadog" {',
        `  api_key = "${c.s('api_key', c.f.hex32())}"`,
        `  app_key = ${c.k('var.datadog_app_key')}`,
        '}',
        `storage_connection = ` +
          `"DefaultEndpointsProtocol=https;AccountName=${c.k('corpstore01')};AccountKey=` +
          `${c.s('azure_storage_account_key', c.f.azureAccountKey())};EndpointSuffix=core.windows.net"`,
      ].join('\n'),
  },
  {
    kind: 'properties',
    write: (c) =>
      [
        `bootstrap.servers=${c.k(c.f.host())}:9093`,
        `security.protocol=${c.k('SASL_SSL')}`,
        `sasl.mechanism=${c.k('PLAIN')}`,
        `sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ` +
          `username="${c.k(c.f.user())}" password="${c.s('password', c.f.password())}";`,
        `spring.datasource.url=jdbc:postgresql://${c.k(c.f.host())}:5432/${c.k(c.f.word())}`,
        `spring.datasource.password=${c.s('password', c.f.password())}`,
        `ssl.truststore.location=${c.k('/etc/kafka/truststore.jks')}`,
        `ssl.truststore.password=${c.s('password', c.f.password())}`,
      ].join('\n'),
  },
  {
    kind: 'connection-strings',
    write: (c) =>
      [
        `postgres://${c.k(c.f.user())}:${c.s('connection_string_password', c.f.urlPassword())}@` +
          `${c.k(c.f.host())}:5432/${c.k(c.f.word())}?sslmode=require`,
        `mongodb+srv://${c.k(c.f.user())}:${c.s('connection_string_password', c.f.urlPassword())}@` +
          `${c.k('cluster0.ab12c.mongodb.net')}/${c.k(c.f.word())}`,
        `amqp://${c.k(c.f.user())}:${c.s('connection_string_password', c.f.urlPassword())}@` +
          `${c.k(c.f.host())}:5672/vhost`,
        `mysql://${c.k(c.f.user())}:${c.s('connection_string_password', c.f.urlPassword())}@` +
          `${c.k(c.f.host())}/${c.k(c.f.word())}`,
        `Server=${c.k(c.f.host())};Database=${c.k(c.f.word())};User ` +
          `Id=${c.k(c.f.user())};Password=${c.s('password', c.f.urlPassword())};`,
        `Endpoint=sb://${c.k('corp-bus.servicebus.windows.net')}/;SharedAccessKeyName=` +
          `${c.k('RootManageSharedAccessKey')};SharedAccessKey=` +
          `${c.s('azure_shared_access_key', c.f.azureAccountKey())}`,
        `https://${c.k('corpstore01.blob.core.windows.net')}/` +
          `${c.k('backups')}?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2031-01-01T00:00:00Z&sig=` +
          `${c.s('azure_sas_token', c.f.azureSasSig())}`,
        `postgres://${c.k(c.f.user())}@${c.k(c.f.host())}/${c.k(c.f.word())}`,
        `kafka://${c.k(c.f.user())}:${c.s('connection_string_password', c.f.urlPassword())}@` +
          `${c.k(c.f.host())}:9092`,
      ].join('\n'),
  },
];
