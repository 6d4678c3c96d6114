/**
 * Passwords in URLs (`postgres://user:pass@host`, `redis://:pass@host`, `mongodb+srv://`,
 * `amqp://`, `https://user:pass@host`): only the password is replaced; scheme, user, host,
 * port and path stay for the reader.
 */
import { isPlaceholder } from '../placeholder.ts';
import { Priority, type Detector, type Finding } from '../types.ts';

/** The password runs to the last `@` of the authority, so an unescaped `@` in it is covered. */
const USERINFO = new RegExp(
  String.raw`(?<![A-Za-z0-9+.-])(?<scheme>[A-Za-z][A-Za-z0-9+.-]{1,30})://` +
    String.raw`[^\s:@/?#"'<>\\]{0,256}:(?<secret>[^\s/?#"'<>\\]{1,1024})@(?=[A-Za-z0-9\[._-])`,
  'dg',
);

const WEB = /^(?:https?|ftps?|wss?|git|svn|ssh|sftp|webdav|davs?)$/i;

/** The URL-password detector. */
export const urlPasswordDetector: Detector = {
  name: 'url_password',
  mayMatch: (text) => text.includes('://'),
  find(text: string, out: Finding[]): void {
    USERINFO.lastIndex = 0;
    for (const m of text.matchAll(USERINFO)) {
      const secret = m.groups?.['secret'] ?? '';
      const span = m.indices?.groups?.['secret'];
      if (span === undefined || isPlaceholder(decodeSafe(secret))) continue;
      const web = WEB.test(m.groups?.['scheme'] ?? '');
      out.push({
        start: span[0],
        end: span[1],
        type: web ? 'basic_auth_password' : 'connection_string_password',
        priority: Priority.url,
      });
    }
  },
};

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
