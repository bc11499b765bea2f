export * from './errors.js';
export * from './envelope.js';
export * from './permissions.js';
