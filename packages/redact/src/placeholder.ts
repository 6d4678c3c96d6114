/**
 * Values that look like a secret's slot but hold none: references to where the secret lives,
 * template variables, documentation stand-ins and masks. They are kept so that a reader sees
 * how a credential is wired without seeing one.
 */

const REFERENCE = new RegExp(
  '^(?:' +
    [
      String.raw`\$\{[^}]*\}`, // ${NAME}, ${env:NAME}, ${file:/path}
      String.raw`\$\{\{.*\}\}`, // ${{ secrets.NAME }}
      String.raw`\$[A-Za-z_][A-Za-z0-9_]*`, // $NAME
      String.raw`\$\(.*\)`, // $(command)
      String.raw`%[A-Za-z_][A-Za-z0-9_]*%`, // %NAME%
      String.raw`%\{[^}]*\}`, // %{NAME}
      String.raw`\{\{.*\}\}`, // {{ .Values.x }}
      String.raw`<[^<>]*>`, // <your-token>
      String.raw`\[[A-Za-z_ -]*\]`, // [hidden]
      String.raw`#\{[^}]*\}`, // #{NAME}
    ].join('|') +
    ')$',
  's',
);

const STAND_IN_WORDS = new Set([
  'changeme',
  'change_me',
  'change-me',
  'changeit',
  'example',
  'examples',
  'dummy',
  'placeholder',
  'redacted',
  'secret',
  'password',
  'passwd',
  'token',
  'null',
  'nil',
  'none',
  'undefined',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'todo',
  'tbd',
  'fixme',
  'test',
  'sample',
  'string',
  'required',
  'optional',
  'n/a',
  'na',
  'empty',
  'unset',
  'hidden',
  'masked',
  'xxx',
  'yourpassword',
  'apikey',
  'api_key',
  'your_api_key',
  'pass',
  'prompt',
  'stdin',
  'env',
  'environment',
  'from_env',
  'inherit',
  'generated',
  'auto',
  'random',
  'default',
]);

const STAND_IN_INSIDE = new RegExp(
  [
    'example|dummy|placeholder|changeme|change_me|redacted',
    'your[-_ ]?(?:own[-_ ]?)?(?:api[-_ ]?)?(?:token|key|secret|password|pass)',
    'insert[-_ ]?(?:your|here)|replace[-_ ]?(?:me|with|this)',
    String.raw`x{5}|X{5}|\*{3}|\.{3}|•{3}|_here\b`,
  ].join('|'),
  'i',
);

/** Reference roots of code and templates: `var.db_password`, `process.env.TOKEN`, ... */
const CODE_REFERENCE = new RegExp(
  String.raw`^(?:var|local|data|module|self|each|env|process\.env|os\.environ|config|settings|` +
    String.raw`secrets|vars|inputs|steps|needs|github|Values|\.Values|context|props|this|options|` +
    String.raw`opts|args|params|credentials|creds)(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[^\]]*\])+$`,
);

/** Is this value a reference, template or stand-in rather than a credential? */
export function isPlaceholder(raw: string): boolean {
  const value = raw.trim();
  if (value.length === 0) return true;
  if (REFERENCE.test(value) || CODE_REFERENCE.test(value)) return true;
  if (value.startsWith('${') || value.startsWith('$(') || value.startsWith('{{')) return true;
  if (value.startsWith('[REDACTED')) return true;
  if (value.endsWith('(') || /^[A-Za-z_][\w.]*\(.*\)$/s.test(value)) return true;
  if (STAND_IN_WORDS.has(value.toLowerCase())) return true;
  if (STAND_IN_INSIDE.test(value)) return true;
  return fewDistinct(value, 2);
}

/** True when `s` uses at most `max` distinct characters (`xxxx`, `****`, `0000`, `abab`). */
function fewDistinct(s: string, max: number): boolean {
  const seen = new Set<string>();
  for (const ch of s) {
    seen.add(ch);
    if (seen.size > max) return false;
  }
  return true;
}

/**
 * A token found by its format is kept when it is a documented stand-in such as
 * `AKIAIOSFODNN7EXAMPLE` or a masked `ghp_xxxxxxxx...`.
 */
export function isStandInToken(token: string): boolean {
  if (/example|dummy|placeholder|redacted|x{8}|X{8}|\*{4}|0{12}/i.test(token)) return true;
  return fewDistinct(token.replace(/^[A-Za-z]{2,6}[_-]/, ''), 3);
}
