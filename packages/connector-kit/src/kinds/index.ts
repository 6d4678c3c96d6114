import { createKindRegistry, type ConnectorKind } from '../kind.ts';
import { fileKind } from './file/index.ts';
import { webhookKind } from './webhook/index.ts';

export { fileKind } from './file/index.ts';
export { webhookKind } from './webhook/index.ts';

/** The kinds this package ships. */
export const builtInKinds: ConnectorKind[] = [
  webhookKind as ConnectorKind,
  fileKind as ConnectorKind,
];

/** The registry `startConnector(s)` uses unless given another. */
export const defaultKinds = createKindRegistry(builtInKinds);
