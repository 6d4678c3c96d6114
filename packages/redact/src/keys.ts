/**
 * Which names of keys, variables, flags and headers hold a credential, and of which type.
 * `DB_PASSWORD`, `apiKey`, `--client-secret`, `X-API-Key` do; `token_count`, `secretName`,
 * `passwordFile`, `max_tokens` and `access_key_id` do not.
 */

/** A last word that makes the name describe a secret rather than hold one. */
const DESCRIBING_SUFFIX = new Set([
  'name',
  'names',
  'id',
  'ids',
  'type',
  'types',
  'count',
  'counts',
  'file',
  'files',
  'path',
  'paths',
  'dir',
  'url',
  'uri',
  'urls',
  'endpoint',
  'host',
  'port',
  'ref',
  'refs',
  'reference',
  'env',
  'var',
  'vars',
  'variable',
  'length',
  'len',
  'size',
  'policy',
  'policies',
  'hint',
  'prompt',
  'required',
  'enabled',
  'enable',
  'disabled',
  'expiry',
  'expires',
  'expiration',
  'expired',
  'ttl',
  'age',
  'version',
  'header',
  'headers',
  'field',
  'fields',
  'label',
  'format',
  'mode',
  'kind',
  'limit',
  'limits',
  'min',
  'max',
  'timeout',
  'location',
  'provider',
  'source',
  'manager',
  'strength',
  'rotation',
  'rule',
  'rules',
  'regex',
  'pattern',
  'stdin',
  'command',
  'cmd',
  'arn',
  'exists',
  'present',
  'changed',
  'reset',
  'updated',
  'created',
  'at',
  'date',
  'time',
  'config',
  'option',
  'options',
  'method',
  'methods',
  'scheme',
  'usage',
  'used',
  'index',
  'scope',
  'scopes',
  'audience',
  'issuer',
  'server',
  'class',
  'algorithm',
  'alg',
  'digits',
  'description',
  'desc',
  'help',
  'text',
  'title',
  'mask',
  'masked',
  'input',
  'valid',
  'validation',
  'error',
  'errors',
  'message',
  'status',
  'state',
  'user',
  'username',
  'login',
  'email',
  'hash',
  'digest',
  'fingerprint',
  'prefix',
  'suffix',
  'budget',
  'estimate',
  'usage',
  'store',
  'vault',
  'secret_ref',
  'key_ref',
  'arg',
  'args',
  'flag',
  'flags',
  'helper',
  'bucket',
]);

/** A first word that turns the name into a switch or a measure. */
const DESCRIBING_PREFIX = new Set([
  'no',
  'ask',
  'prompt',
  'skip',
  'require',
  'requires',
  'use',
  'max',
  'min',
  'num',
  'total',
  'insecure',
  'allow',
  'disable',
  'enable',
  'show',
  'hide',
  'has',
  'is',
  'with',
  'without',
]);

/** Words that, before `key`, make it a credential: `api_key`, `accountKey`, `SECRET_KEY`. */
const KEY_QUALIFIER = new Set([
  'api',
  'access',
  'secret',
  'private',
  'account',
  'master',
  'encryption',
  'signing',
  'shared',
  'client',
  'app',
  'auth',
  'subscription',
  'service',
  'storage',
  'primary',
  'secondary',
  'admin',
  'deploy',
  'webhook',
  'session',
  'license',
  'sas',
  'application',
  'consumer',
  'hmac',
  'jwt',
  'crypt',
  'decryption',
  'cipher',
  'aes',
  'partner',
  'integration',
  'ingest',
  'rest',
  'write',
  'read',
]);

/** Words that are a credential on their own (also at the end of a word: `dbpassword`). */
const SECRET_STEM = new RegExp(
  `(?:${[
    'password',
    'passwd',
    'passphrase',
    'secret',
    'token',
    'apikey',
    'accesskey',
    'secretkey',
    'privatekey',
    'masterkey',
    'signingkey',
    'encryptionkey',
    'accountkey',
    'sharedaccesskey',
    'storepass',
    'keypass',
    'requirepass',
    'masterauth',
  ].join('|')})$`,
);

/** Splits `AWS_SECRET_ACCESS_KEY`, `clientSecret`, `x-api-key`, `sasl.password` into words. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

function isSecretWord(word: string, prev: string | undefined, index: number): boolean {
  if (SECRET_STEM.test(word)) return true;
  if (word === 'pwd' || word === 'pass' || word === 'pat') return true;
  if (word === 'key' && prev !== undefined && KEY_QUALIFIER.has(prev)) return true;
  return word === 'auth' && index === 0;
}

/** Keys repeat (`password`, `apiKey`, ...): their verdicts are cached, within a bound. */
const verdicts = new Map<string, string | null>();
const MAX_CACHED = 4096;

/**
 * The redaction type for a value stored under `key`, or undefined when the key does not name
 * a credential.
 */
export function secretTypeForKey(key: string): string | undefined {
  const cached = verdicts.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const type = classify(key);
  if (verdicts.size >= MAX_CACHED) verdicts.clear();
  verdicts.set(key, type ?? null);
  return type;
}

function classify(key: string): string | undefined {
  const words = keyWords(key);
  const last = words[words.length - 1];
  const first = words[0];
  if (last === undefined || first === undefined) return undefined;
  if (words.length === 1 && (first === 'auth' || first === 'sig')) {
    return first === 'sig' ? 'azure_sas_token' : key.startsWith('_') ? 'npm_auth' : 'docker_auth';
  }
  if (key === 'PWD' || key === 'OLDPWD' || last === 'authorization') return undefined;
  if (key === '_authToken' || key === '_password') return 'npm_token';
  if (DESCRIBING_SUFFIX.has(last) || DESCRIBING_PREFIX.has(first)) return undefined;
  const compact = words.join('');
  if (compact === 'xamzsignature') return 'url_signature';

  const secretAt = words.findIndex((w, i) => isSecretWord(w, words[i - 1], i));
  if (secretAt < 0) return undefined;
  return typeOf(words, compact);
}

function typeOf(words: string[], compact: string): string {
  const has = (w: string) => words.includes(w);
  if ((has('aws') || has('amz')) && (has('session') || has('security'))) return 'aws_session_token';
  if (has('aws') && compact.includes('secret')) return 'aws_secret_access_key';
  if (compact.endsWith('secretaccesskey')) return 'aws_secret_access_key';
  if ((has('dd') || has('datadog')) && (has('api') || has('app') || has('application'))) {
    return 'datadog_api_key';
  }
  if (has('twilio') && (compact.includes('token') || compact.includes('secret'))) {
    return 'twilio_auth_token';
  }
  if ((has('azure') || has('arm')) && compact.includes('clientsecret'))
    return 'azure_client_secret';
  if (has('npm') && compact.includes('token')) return 'npm_token';
  if (has('vault') && compact.includes('token')) return 'vault_token';
  if (/passw|passphrase|pwd|pass$|masterauth/.test(compact)) return 'password';
  if (compact.includes('privatekey')) return 'private_key';
  if (compact.includes('clientsecret')) return 'client_secret';
  if (/apikey|apitoken|accesskey|secretkey|key$/.test(compact) && !compact.endsWith('token')) {
    return 'api_key';
  }
  if (compact.includes('token') || words.includes('pat')) return 'token';
  return 'secret';
}
