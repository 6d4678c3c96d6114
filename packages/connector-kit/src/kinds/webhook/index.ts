import { defineConnectorKind } from '../../kind.ts';
import { WebhookConfig } from './config.ts';
import { mapWebhookPayload } from './mapper.ts';
import { WebhookSender } from './sender.ts';

export { WebhookConfig } from './config.ts';
export { mapWebhookPayload } from './mapper.ts';
export { WebhookSender } from './sender.ts';
export { webhookSignature } from './signature.ts';

/**
 * `webhook`: an HMAC-signed JSON POST per event. The destination's own idempotency is the
 * `Idempotency-Key` header (the delivery key); a webhook cannot be asked what it has, so an
 * in-flight key is sent again under the same key.
 */
export const webhookKind = defineConnectorKind({
  kind: 'webhook',
  configSchema: WebhookConfig,
  create(config) {
    const sender = new WebhookSender(config);
    return {
      destination: { kind: 'webhook', name: config.name, host: new URL(config.url).host },
      map: mapWebhookPayload,
      send: (payload, ctx) => sender.send(payload, ctx),
      close: () => sender.close(),
    };
  },
});
