export * from './schema.ts';
export * from './secret.ts';
export * from './load.ts';
export { ConfigReferenceError, resolveReferences } from './references.ts';
