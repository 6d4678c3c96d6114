/**
 * Credentials passed on a command line: long flags named like a secret (`--password x`,
 * `--token=x`, `--api-key x`, `-storepass x`), and the short flags of particular commands
 * (`mysql -p x` / `-px`, `redis-cli -a x`, `sshpass -p x`, `curl -u user:pass`,
 * `docker login -p x`, `openssl -passin pass:x`).
 */
import { secretTypeForKey } from '../keys.ts';
import { isPlaceholder } from '../placeholder.ts';
import { Priority, type Detector, type Finding } from '../types.ts';

const LONG_FLAG = new RegExp(
  String.raw`(?<!(?<!\\)[A-Za-z0-9_-])--?(?<key>[A-Za-z][A-Za-z0-9_.-]{0,60})` +
    // `--flag value`, `--flag=value`, or an argument list `"--flag", "value"`.
    String.raw`(?:=|[ \t]{1,8}|\\?["'],[ \t]{0,8}\\?["'])` +
    String.raw`(?<value>"(?:[^"\\\r\n]|\\.){1,4096}"|'[^'\r\n]{1,4096}'` +
    String.raw`|[^\s"'\x60;&|<>()\\-][^\s"'\x60;&|<>()\\]{0,4095})`,
  'dg',
);

/** Short flags whose next argument (or attached rest) is a password, by command. */
const SHORT_FLAGS: Record<string, { flags: string[]; attached: boolean; userPass: boolean }> = {
  mysql: { flags: ['-p'], attached: true, userPass: false },
  redis: { flags: ['-a'], attached: false, userPass: false },
  sshpass: { flags: ['-p'], attached: false, userPass: false },
  login: { flags: ['-p'], attached: false, userPass: false },
  curl: { flags: ['-u', '--user', '-U', '--proxy-user'], attached: true, userPass: true },
  sqlcmd: { flags: ['-P'], attached: false, userPass: false },
  mongo: { flags: ['-p'], attached: false, userPass: false },
};

/** Commands whose short flags carry passwords; a quick pre-check gates the full scan. */
const COMMAND_HINT = /mysql|mariadb|mycli|-cli|sshpass|login|curl|sqlcmd|bcp|mongo/;
const COMMANDS = {
  mysql:
    'mysql|mysqldump|mysqladmin|mysqlimport|mysqlsh|mysqlcheck|mariadb|mariadb-dump|' +
    'mariadb-admin|mycli',
  redis: 'redis-cli|keydb-cli|valkey-cli',
  sshpass: 'sshpass',
  login: '(?:docker|podman|buildah|skopeo|helm|oras|az) (?:registry )?login',
  curl: 'curl',
  sqlcmd: 'sqlcmd|bcp',
  mongo: 'mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport',
};
const COMMAND = new RegExp(
  String.raw`(?<![A-Za-z0-9_.-])(?:` +
    Object.entries(COMMANDS)
      .map(([name, names]) => `(?<${name}>${names})`)
      .join('|') +
    String.raw`)(?![A-Za-z0-9_-])(?<args>[^\r\n|;&]{0,4000})`,
  'dg',
);

/** `.netrc` / `curl --netrc` style: `machine host login user password secret`. */
const NETRC = new RegExp(
  String.raw`(?<![A-Za-z0-9_-])(?:login|user)[ \t]{1,8}[^\s]{1,256}[ \t\r\n]{1,32}` +
    String.raw`password[ \t]{1,8}(?<secret>[^\s"']{1,1024})`,
  'dg',
);

/**
 * Tools that store a setting by name: `aws configure set aws_secret_access_key x`,
 * `npm config set //registry/:_authToken x`, `git config --global github.token x`.
 */
const SET_SETTING = new RegExp(
  String.raw`(?<![A-Za-z0-9_-])(?:(?:config[ \t]{1,8})?set` +
    String.raw`|config(?:[ \t]{1,8}--(?:global|local|system))?)` +
    String.raw`[ \t]{1,8}(?<key>[A-Za-z_/@][A-Za-z0-9_./:@-]{0,200})[ \t]{1,8}` +
    String.raw`(?<value>"(?:[^"\\\r\n]|\\.){1,4096}"|'[^'\r\n]{1,4096}'` +
    String.raw`|[^\s"'\x60;&|<>()-][^\s;&|<>()]{0,4095})`,
  'dg',
);

const ARG = /"(?:[^"\\]|\\.)*"|'[^']*'|[^\s"']+/g;
const OPENSSL_PASS =
  /(?<![A-Za-z0-9_-])-pass(?:in|out)[ \t]{1,8}(?:pass|env|file|fd):(?<secret>[^\s"']{1,1024})/dg;

/** The command-line detector. */
export const commandLineDetector: Detector = {
  name: 'command_line',
  mayMatch: (text) =>
    text.includes('-') ||
    text.includes('password') ||
    text.includes('set ') ||
    text.includes('config '),
  find(text: string, out: Finding[]): void {
    findLongFlags(text, out);
    findShortFlags(text, out);
    if (text.includes('set') || text.includes('config')) findSettings(text, out);
    if (text.includes('password')) findNetrc(text, out);
    OPENSSL_PASS.lastIndex = 0;
    for (const m of text.matchAll(OPENSSL_PASS)) {
      const span = m.indices?.groups?.['secret'];
      if (span === undefined || !m[0].includes('pass:')) continue;
      out.push({ start: span[0], end: span[1], type: 'password', priority: Priority.context });
    }
  },
};

function findSettings(text: string, out: Finding[]): void {
  SET_SETTING.lastIndex = 0;
  for (const m of text.matchAll(SET_SETTING)) {
    const key = m.groups?.['key'] ?? '';
    // The key may be a path such as `//registry.npmjs.org/:_authToken`: judge its last part.
    const type = secretTypeForKey(key.split(/[/:.]/).pop() ?? '') ?? secretTypeForKey(key);
    const span = m.indices?.groups?.['value'];
    if (type === undefined || span === undefined) continue;
    pushArgument(text, span[0], span[1], type, out);
  }
}

function findNetrc(text: string, out: Finding[]): void {
  NETRC.lastIndex = 0;
  for (const m of text.matchAll(NETRC)) {
    const span = m.indices?.groups?.['secret'];
    if (span !== undefined) pushArgument(text, span[0], span[1], 'password', out);
  }
}

function findLongFlags(text: string, out: Finding[]): void {
  LONG_FLAG.lastIndex = 0;
  for (const m of text.matchAll(LONG_FLAG)) {
    const type = secretTypeForKey(m.groups?.['key'] ?? '');
    const span = m.indices?.groups?.['value'];
    if (type === undefined || span === undefined) continue;
    pushArgument(text, span[0], span[1], type, out);
  }
}

/** Adds an argument's unquoted content, unless it is a placeholder. */
function pushArgument(
  text: string,
  start: number,
  end: number,
  type: string,
  out: Finding[],
): void {
  const first = text.charAt(start);
  if ((first === '"' || first === "'") && end - start >= 2 && text.charAt(end - 1) === first) {
    start += 1;
    end -= 1;
  }
  if (end <= start || isPlaceholder(text.slice(start, end))) return;
  out.push({ start, end, type, priority: Priority.context });
}

function findShortFlags(text: string, out: Finding[]): void {
  if (!COMMAND_HINT.test(text)) return;
  COMMAND.lastIndex = 0;
  for (const m of text.matchAll(COMMAND)) {
    const groups = m.groups ?? {};
    const name = Object.keys(SHORT_FLAGS).find((k) => groups[k] !== undefined);
    const argsSpan = m.indices?.groups?.['args'];
    const rule = name === undefined ? undefined : SHORT_FLAGS[name];
    if (rule === undefined || argsSpan === undefined) continue;
    const args = [...(groups['args'] ?? '').matchAll(ARG)].map((a) => ({
      text: a[0],
      start: argsSpan[0] + a.index,
    }));
    for (let i = 0; i < args.length; i += 1) {
      const arg = args[i]!;
      const next = args[i + 1];
      if (rule.flags.includes(arg.text) && next !== undefined && !next.text.startsWith('-')) {
        pushShortValue(text, next.start, next.start + next.text.length, rule.userPass, out);
      } else if (rule.attached) {
        const flag = rule.flags.find((f) => f.length === 2 && arg.text.startsWith(f));
        if (flag !== undefined && arg.text.length > 2) {
          pushShortValue(text, arg.start + 2, arg.start + arg.text.length, rule.userPass, out);
        }
      }
    }
  }
}

function pushShortValue(
  text: string,
  start: number,
  end: number,
  userPass: boolean,
  out: Finding[],
): void {
  if (!userPass) return pushArgument(text, start, end, 'password', out);
  const quote = text.charAt(start);
  const inner = quote === '"' || quote === "'" ? [start + 1, end - 1] : [start, end];
  const colon = text.indexOf(':', inner[0]);
  if (colon < 0 || colon >= (inner[1] ?? end)) return;
  pushArgument(text, colon + 1, inner[1] ?? end, 'password', out);
}
