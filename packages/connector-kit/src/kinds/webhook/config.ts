import { z } from 'zod';
import { secretString } from '@cavra/config';

/** Fields of a `webhook` connector. */
export const WebhookConfig = z.looseObject({
  /** http(s) URL the events are POSTed to. Never recorded in full (it may carry a token). */
  url: z.url({ protocol: /^https?$/ }),
  /** HMAC-SHA256 key of `X-Cavra-Signature`; configure as `${env:NAME}`. */
  secret: secretString,
  /** Extra request headers. */
  headers: z.record(z.string(), z.string()).default({}),
  timeoutMs: z.number().int().positive().default(10_000),
});
export type WebhookConfig = z.infer<typeof WebhookConfig>;
