export { startWebhookPeer } from './peer.ts';
export type {
  PeerDelivery,
  PeerFault,
  PeerRequest,
  WebhookPeer,
  WebhookPeerOptions,
} from './peer.ts';
