import { createHmac } from 'node:crypto';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, the value of `X-Cavra-Signature`. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
