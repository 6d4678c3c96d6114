import { describe, expect, it } from 'vitest';
import { createRedactor, redactText, redactValue, secretTypeForKey } from '../src/index.ts';

// Every credential-shaped value below is made up for these tests.
const GH = 'ghp_Zx8Kq2Lm4Np6Rt8Vw0Yb3Cd5Fg7Hj9Kl1Mn3P';
const AKIA = 'AKIAQ3EGRTYU7WXZ2PLM';
const JWT =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIiwiaWF0IjoxNzAwMDAwMDAwfQ.' +
  'c2lnbmF0dXJlLW9mLWEtZmFrZS10b2tlbi0xMjM0NTY3ODkw';

describe('redactText: by format and by context (exact output)', () => {
  const cases: Array<[string, string]> = [
    [`AWS_ACCESS_KEY_ID=${AKIA}`, 'AWS_ACCESS_KEY_ID=[REDACTED:aws_access_key_id]'],
    [
      'aws_secret_access_key = 9dK2pLq8Rz/Yt6Wv4Xb3Nm1Ha7Sd5Fg0Jk2Lq9Po',
      'aws_secret_access_key = [REDACTED:aws_secret_access_key]',
    ],
    [
      `git clone https://${GH}@github.com/corp/app.git`,
      'git clone https://[REDACTED:github_token]@github.com/corp/app.git',
    ],
    [
      'psql postgres://alice:s3cr3t-Pa55@db.corp.internal:5432/app',
      'psql postgres://alice:[REDACTED:connection_string_password]@db.corp.internal:5432/app',
    ],
    [
      'redis://:hunter2abc9@cache-1:6379/0',
      'redis://:[REDACTED:connection_string_password]@cache-1:6379/0',
    ],
    [
      'mongodb+srv://svc:Qw3rty-9x@cluster0.ab1.mongodb.net/db',
      'mongodb+srv://svc:[REDACTED:connection_string_password]@cluster0.ab1.mongodb.net/db',
    ],
    [
      'https://bob:pa55w0rd@jenkins.corp/x',
      'https://bob:[REDACTED:basic_auth_password]@jenkins.corp/x',
    ],
    [
      'Authorization: Bearer abcDEF123456ghiJKL',
      'Authorization: Bearer [REDACTED:authorization_header]',
    ],
    [
      '-H "Authorization: Basic YWxpY2U6czNjcjN0"',
      '-H "Authorization: Basic [REDACTED:authorization_header]"',
    ],
    ['mysql -u root -pS3cretPass9 -h db', 'mysql -u root -p[REDACTED:password] -h db'],
    ['mysql -u root -p S3cretPass9 orders', 'mysql -u root -p [REDACTED:password] orders'],
    ['curl -u deploy:T0ps3cret https://x', 'curl -u deploy:[REDACTED:password] https://x'],
    [
      'run --password hunter2x9 --token=abc123XYZ --api-key k3yV4lu3z',
      'run --password [REDACTED:password] --token=[REDACTED:token] --api-key [REDACTED:api_key]',
    ],
    ['password: my long pass phrase 9 # comment', 'password: [REDACTED:password] # comment'],
    ['  client_secret = "Zq9-abc_Def"', '  client_secret = "[REDACTED:client_secret]"'],
    [
      'username="alice" password="al1ce-s3cret";',
      'username="alice" password="[REDACTED:password]";',
    ],
    [
      '{"apiKey": "Zx9Qw8Er7Ty6Ui5Op4", "user": "alice"}',
      '{"apiKey": "[REDACTED:api_key]", "user": "alice"}',
    ],
    ['{"auth": "YWxpY2U6czNjcjN0LXB3"}', '{"auth": "[REDACTED:docker_auth]"}'],
    [`token=${JWT}`, 'token=[REDACTED:jwt]'],
    ['"{\\"password\\": \\"s3cr3t-99\\"}"', '"{\\"password\\": \\"[REDACTED:password]\\"}"'],
    [
      '"env": "A=1\\nDB_PASSWORD=s3cr3t99\\nB=2"',
      '"env": "A=1\\nDB_PASSWORD=[REDACTED:password]\\nB=2"',
    ],
    [
      'DefaultEndpointsProtocol=https;AccountName=st1;AccountKey=Zm9vYmFyYmF6cXV4cXV1eGZvb2Jhcg==;EndpointSuffix=core.windows.net',
      'DefaultEndpointsProtocol=https;AccountName=st1;AccountKey=[REDACTED:azure_storage_account_key];EndpointSuffix=core.windows.net',
    ],
    [
      'https://st1.blob.core.windows.net/c?sv=2022-11-02&sp=r&sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd%3D',
      'https://st1.blob.core.windows.net/c?sv=2022-11-02&sp=r&sig=[REDACTED:azure_sas_token]',
    ],
    [
      'openssl pkcs12 -passout pass:Xy7-secret -out b.p12',
      'openssl pkcs12 -passout pass:[REDACTED:password] -out b.p12',
    ],
  ];
  it.each(cases)('%s', (input, expected) => {
    expect(redactText(input).value).toBe(expected);
  });
});

describe('redactText: configs and commands seen in agent sessions', () => {
  it.each([
    [
      'command: ["--requirepass", "R3dis-pw-99"]',
      'command: ["--requirepass", "[REDACTED:password]"]',
    ],
    [
      'jdbc:postgresql://db/app?user=app&password=Jd8-pw-22&ssl=true',
      'jdbc:postgresql://db/app?user=app&password=[REDACTED:password]&ssl=true',
    ],
    [
      'helm upgrade app ./c --set db.password=Hx7-pw-11',
      'helm upgrade app ./c --set db.password=[REDACTED:password]',
    ],
    ["PGPASSWORD='Pg pw with spaces 9' psql -h db", "PGPASSWORD='[REDACTED:password]' psql -h db"],
    ['ansible_become_pass: Ans-pw-33', 'ansible_become_pass: [REDACTED:password]'],
    ['X-Auth-Token: Xat-tok-77abcdef', 'X-Auth-Token: [REDACTED:token]'],
    [
      'aws configure set aws_secret_access_key Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm12',
      'aws configure set aws_secret_access_key [REDACTED:aws_secret_access_key]',
    ],
    [
      'npm config set //registry.npmjs.org/:_authToken Npm-t0k-77abcXYZ',
      'npm config set //registry.npmjs.org/:_authToken [REDACTED:npm_token]',
    ],
    [
      'git config --global github.token Gh-fake-tok-42',
      'git config --global github.token [REDACTED:token]',
    ],
  ])('%s', (input, expected) => {
    expect(redactText(input).value).toBe(expected);
  });
});

describe('redactText: what stays', () => {
  const kept = [
    'commit 3f2a9c1e5b7d8e0f1a2b3c4d5e6f7a8b9c0d1e2f',
    'image@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    'traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    'arn:aws:iam::123456789012:role/Deployer request 1b4e28ba-2fa1-11d2-883f-0016e3c1a5b2',
    'password: ${DB_PASSWORD}',
    'token: $GITHUB_TOKEN',
    'api_key: ${env:API_KEY}',
    'secret: ${file:/run/secrets/x}',
    'GITHUB_TOKEN=<your-token>',
    'password: changeme',
    'password=xxx',
    'token: "***"',
    'password: REDACTED',
    'api_key: example-key',
    'password: dummy',
    'password: ""',
    'Authorization: Bearer $TOKEN',
    'Authorization: Bearer ${TOKEN}',
    'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
    'max_tokens: 4096, token_count: 12, secretName: db-creds, passwordFile: /run/pw',
    'echo "$TOKEN" | docker login ghcr.io -u bot --password-stdin',
    'docker run -p 8080:80 nginx; ssh -p 2222 alice@db-1.corp.internal',
    'postgres://alice@db-1.corp.internal:5432/orders',
    'git@github.com:corp/app.git',
    'const auth = new TenantAuth(config.tenants); signingKey: keys.privateKeyPem,',
    'password: sasl.password.reveal(), privateKeyPem: string;',
    'aws configure set region eu-west-1; git config --global user.name alice',
    'kubectl config set-context prod --namespace=payments; config set token_count 5',
  ];
  it.each(kept)('%s', (input) => {
    expect(redactText(input)).toEqual({ value: input, redactions: [] });
  });
});

describe('private key blocks', () => {
  const block = [
    '-----BEGIN OPENSSH PRIVATE KEY-----',
    'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
    'QyNTUxOQAAACDc2zYxq1cF1Xr8r7hKqvGs0gk5nN0m1uXk0k6m2v8l2gAAAJgAAAAA',
    '-----END OPENSSH PRIVATE KEY-----',
  ];
  it('replaces the whole block, real or escaped newlines', () => {
    expect(redactText(`key:\n${block.join('\n')}\nnext`).value).toBe(
      'key:\n[REDACTED:private_key]\nnext',
    );
    const json = JSON.stringify({ private_key: block.join('\n') + '\n', id: 'a1' });
    const out = redactText(json).value;
    // The key names a secret too, so the whole string value goes.
    expect(JSON.parse(out)).toEqual({ private_key: '[REDACTED:private_key]', id: 'a1' });
  });
  it('replaces a truncated block up to the end of its body', () => {
    expect(redactText(`${block.slice(0, 3).join('\n')}\n... (truncated)`).value).toBe(
      '[REDACTED:private_key]\n... (truncated)',
    );
  });
});

describe('result shape', () => {
  it('merges counts by type and sorts them by type', () => {
    const r = redactText(`a=${GH} b=${AKIA} c=${GH.replace('Zx', 'Qy')} password=hunter2x9`);
    expect(r.redactions).toEqual([
      { type: 'aws_access_key_id', count: 1 },
      { type: 'github_token', count: 2 },
      { type: 'password', count: 1 },
    ]);
  });
  it('returns the input itself and no redactions when nothing is found', () => {
    const text = 'plain text with no secrets';
    expect(redactText(text)).toEqual({ value: text, redactions: [] });
  });
});

describe('redactValue', () => {
  it('redacts every string deeply, uses keys as context, keeps keys and other values', () => {
    const input = {
      user: 'alice',
      password: 'x1y2z3w4',
      n: 3,
      ok: true,
      none: null,
      headers: { Authorization: 'Bearer abc.def.ghi123', 'X-Request-Id': 'r-1' },
      args: ['mysql', '-u', 'root', '-p', 'pw12345'],
      curl: ['curl', '-u', 'bob:pa55w0rd', 'https://x'],
      token: GH,
      notes: [`key ${AKIA}`, 'fine'],
    };
    const r = redactValue(input);
    expect(r.value).toEqual({
      user: 'alice',
      password: '[REDACTED:password]',
      n: 3,
      ok: true,
      none: null,
      headers: { Authorization: 'Bearer [REDACTED:authorization_header]', 'X-Request-Id': 'r-1' },
      args: ['mysql', '-u', 'root', '-p', '[REDACTED:password]'],
      curl: ['curl', '-u', 'bob:[REDACTED:password]', 'https://x'],
      token: '[REDACTED:github_token]',
      notes: ['key [REDACTED:aws_access_key_id]', 'fine'],
    });
    expect(r.redactions).toEqual([
      { type: 'authorization_header', count: 1 },
      { type: 'aws_access_key_id', count: 1 },
      { type: 'github_token', count: 1 },
      { type: 'password', count: 3 },
    ]);
    expect(input.password).toBe('x1y2z3w4'); // the input is not changed
  });

  it('treats every string inside a secrets map as a secret', () => {
    const input = { secrets: { db: 'pw9x', list: ['t0k3n', '${env:X}'] }, other: { db: 'fine' } };
    expect(redactValue(input).value).toEqual({
      secrets: { db: '[REDACTED:secret]', list: ['[REDACTED:secret]', '${env:X}'] },
      other: { db: 'fine' },
    });
  });

  it('returns unchanged parts as they were', () => {
    const clean = { a: { b: ['x', 1] }, c: 'y' };
    expect(redactValue(clean).value).toBe(clean);
    const mixed = { keep: { deep: ['x'] }, password: 'hunter2x9' };
    expect(redactValue(mixed).value.keep).toBe(mixed.keep);
  });

  it('keeps placeholders under secret keys and non-plain objects as they are', () => {
    const date = new Date(0);
    const input = { password: '${env:DB_PASSWORD}', token: '', when: date };
    expect(redactValue(input).value).toEqual(input);
    expect(redactValue(input).value.when).toBe(date);
  });
});

describe('createRedactor', () => {
  it('adds extra patterns, with an optional secret group and hints', () => {
    const redactor = createRedactor({
      extraPatterns: [
        { type: 'acme_key', pattern: /acme_[a-z0-9]{12}/, hints: ['acme_'] },
        { type: 'internal_pin', pattern: /PIN (?<secret>\d{6})/ },
      ],
    });
    expect(redactor.text('use acme_abcdef123456 and PIN 123456').value).toBe(
      'use [REDACTED:acme_key] and PIN [REDACTED:internal_pin]',
    );
    expect(redactor.value({ note: 'acme_abcdef123456' }).value).toEqual({
      note: '[REDACTED:acme_key]',
    });
  });

  it('rejects a bad type name, naming the field and the value', () => {
    expect(() => createRedactor({ extraPatterns: [{ type: 'bad type]', pattern: /x/ }] })).toThrow(
      /extraPatterns\[\]\.type .*"bad type\]"/,
    );
  });
});

describe('secretTypeForKey', () => {
  it.each([
    ['DB_PASSWORD', 'password'],
    ['apiKey', 'api_key'],
    ['x-api-key', 'api_key'],
    ['AWS_SECRET_ACCESS_KEY', 'aws_secret_access_key'],
    ['AWS_SESSION_TOKEN', 'aws_session_token'],
    ['DD_API_KEY', 'datadog_api_key'],
    ['TWILIO_AUTH_TOKEN', 'twilio_auth_token'],
    ['AZURE_CLIENT_SECRET', 'azure_client_secret'],
    ['sasl.password', 'password'],
    ['_authToken', 'npm_token'],
    ['private_key', 'private_key'],
    ['token_count', undefined],
    ['max_tokens', undefined],
    ['secretName', undefined],
    ['passwordFile', undefined],
    ['access_key_id', undefined],
    ['password-stdin', undefined],
    ['author', undefined],
    ['PWD', undefined],
  ])('%s -> %s', (key, type) => {
    expect(secretTypeForKey(key)).toBe(type);
  });
});
