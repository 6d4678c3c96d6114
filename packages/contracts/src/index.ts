export * from './common.ts';
export * from './decision.ts';
export * from './records.ts';
export * from './envelope.ts';
export * from './events.ts';
export * from './topics.ts';
export { jsonSchemas } from './json-schema.ts';
