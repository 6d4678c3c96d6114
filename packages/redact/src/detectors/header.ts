/**
 * `Authorization` and `Proxy-Authorization` headers in any notation (HTTP, curl `-H`, JSON,
 * YAML): the scheme (`Bearer`, `Basic`, ...) is kept, the credential after it is replaced.
 */
import { isPlaceholder } from '../placeholder.ts';
import { Priority, type Detector, type Finding } from '../types.ts';

const SCHEMES = [
  'Bearer',
  'Basic',
  'Token',
  'Bot',
  'ApiKey',
  'Api-Key',
  'Key',
  'SSWS',
  'OAuth',
  'GenieKey',
  'Splunk',
  'JWT',
  'Negotiate',
  'NTLM',
  'DeepL-Auth-Key',
  'Klaviyo-API-Key',
  'Zoho-oauthtoken',
  'sso-key',
  'Client-ID',
  'MAC',
  'HOBA',
  'Mutual',
  'Hawk',
];

const HEADER = new RegExp(
  String.raw`(?<!(?<!\\)[A-Za-z0-9_])(?:proxy-)?authorization` +
    String.raw`\\?["']?[ \t]{0,16}[:=][ \t]{0,16}\\?["']?` +
    String.raw`(?:(?<scheme>${SCHEMES.join('|')})[ \t]{1,16})?` +
    String.raw`(?<secret>[A-Za-z0-9._~+/=:-]{1,8192})`,
  'dgi',
);

/** Schemes whose value is a per-request signature with its own fields, left to other rules. */
const SIGNED = /^(?:digest|aws4-hmac-sha256|signature|hmac)/i;
const SCHEME_WORD = new RegExp(`^(?:${SCHEMES.join('|')})$`, 'i');

/** The Authorization header detector. */
export const headerDetector: Detector = {
  name: 'authorization_header',
  mayMatch: (text) => /authorization/i.test(text),
  find(text: string, out: Finding[]): void {
    HEADER.lastIndex = 0;
    for (const m of text.matchAll(HEADER)) {
      const secret = m.groups?.['secret'] ?? '';
      const span = m.indices?.groups?.['secret'];
      if (span === undefined || SIGNED.test(secret) || SCHEME_WORD.test(secret)) continue;
      if (m.groups?.['scheme'] === undefined && secret.length < 8) continue;
      if (isPlaceholder(secret)) continue;
      out.push({
        start: span[0],
        end: span[1],
        type: 'authorization_header',
        priority: Priority.header,
      });
    }
  },
};
