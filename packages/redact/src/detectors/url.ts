/**
 * Passwords in URLs (`postgres://user:pass@host`, `redis://:pass@host`, `mongodb+srv://`,
 * `amqp://`, `https://user:pass@host`): only the password is replaced; scheme, user, host,
 * port and path stay for the reader.
 */
import { isPlaceholder } from '../placeholder.ts';
import { Priority, type Detector, type Finding } from '../types.ts';

const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
/**
 * After `://`: user, `:`, then the password up to the last `@` of the authority (so an unescaped
 * `@` in it is covered), then a host.
 */
const USERINFO = /[^\s:@/?#"'<>\\]{0,256}:(?<secret>[^\s/?#"'<>\\]{1,1024})@(?=[A-Za-z0-9[._-])/dy;

/** The scheme ending at `end` (where `://` starts), read backwards a bounded distance. */
function schemeBefore(text: string, end: number): string | undefined {
  let start = end;
  while (start > 0 && end - start < 32 && SCHEME_CHAR.test(text[start - 1] ?? '')) start -= 1;
  while (start < end && !/[A-Za-z]/.test(text[start] ?? '')) start += 1;
  return end - start >= 2 ? text.slice(start, end) : undefined;
}

const WEB = /^(?:https?|ftps?|wss?|git|svn|ssh|sftp|webdav|davs?)$/i;

/** The URL-password detector. */
export const urlPasswordDetector: Detector = {
  name: 'url_password',
  mayMatch: (text) => text.includes('://'),
  find(text: string, out: Finding[]): void {
    for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
      const scheme = schemeBefore(text, at);
      if (scheme === undefined) continue;
      USERINFO.lastIndex = at + 3;
      const m = USERINFO.exec(text);
      const span = m?.indices?.groups?.['secret'];
      if (m === null || span === undefined) continue;
      if (isPlaceholder(decodeSafe(text.slice(span[0], span[1])))) continue;
      out.push({
        start: span[0],
        end: span[1],
        type: WEB.test(scheme) ? 'basic_auth_password' : 'connection_string_password',
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
