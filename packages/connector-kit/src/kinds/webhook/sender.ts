import { Pool } from 'undici';
import { classifyHttpStatus } from '../../http-status.ts';
import type { MappedPayload, SendContext } from '../../kind.ts';
import { delivered, failed, retryable, type SendResult } from '../../send-result.ts';
import { webhookSignature } from './signature.ts';
import type { WebhookConfig } from './config.ts';

const RECEIPT_BODY_LIMIT = 4096;

/** POSTs signed payloads to one webhook URL over a keep-alive connection pool. */
export class WebhookSender {
  readonly #pool: Pool;
  readonly #url: URL;

  constructor(
    private readonly config: WebhookConfig,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#url = new URL(config.url);
    this.#pool = new Pool(this.#url.origin, { connections: 4, keepAliveTimeout: 30_000 });
  }

  async send(payload: MappedPayload, ctx: SendContext): Promise<SendResult> {
    const timestamp = String(Math.floor(this.now().getTime() / 1000));
    const headers = {
      ...this.config.headers,
      'content-type': payload.contentType,
      'x-cavra-timestamp': timestamp,
      'x-cavra-signature': webhookSignature(this.config.secret.reveal(), timestamp, payload.body),
      'idempotency-key': ctx.deliveryKey,
    };
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(this.config.timeoutMs)]);
    try {
      const response = await this.#pool.request({
        path: `${this.#url.pathname}${this.#url.search}`,
        method: 'POST',
        headers,
        body: payload.body,
        signal,
      });
      const text = await readLimited(response.body);
      return this.#classify(response.statusCode, response.headers['retry-after'], text);
    } catch (err) {
      if (signal.aborted) {
        return retryable({
          code: 'timeout',
          message: `no answer within ${this.config.timeoutMs} ms`,
        });
      }
      const code = (err as { code?: string }).code ?? 'network_error';
      return retryable({ code, message: (err as Error).message });
    }
  }

  #classify(status: number, retryAfter: string | string[] | undefined, text: string): SendResult {
    const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
    const verdict = classifyHttpStatus(status, header, this.now());
    if (verdict.status === 'delivered') return delivered(receiptOf(status, text), status);
    const error = { code: `http_${status}`, message: text.slice(0, 300) || `HTTP ${status}` };
    if (verdict.status === 'retryable') return retryable(error, verdict.after, status);
    return failed(error, status);
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

/** The receipt: the status, and the peer's own id when its JSON answer names one. */
function receiptOf(status: number, text: string): Record<string, string> {
  const receipt: Record<string, string> = { status: String(status) };
  try {
    const answer = JSON.parse(text) as { id?: unknown; receipt?: unknown };
    const id = answer.receipt ?? answer.id;
    if (typeof id === 'string' || typeof id === 'number') receipt.id = String(id);
  } catch {
    // Not JSON: the status alone is the receipt.
  }
  return receipt;
}

async function readLimited(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < RECEIPT_BODY_LIMIT) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, RECEIPT_BODY_LIMIT);
}
