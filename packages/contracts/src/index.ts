export * from './errors.js';
export * from './envelope.js';
export * from './permissions.js';
export * from './auth.js';
export * from './users.js';
export * from './academic.js';
export * from './jobs.js';
export * from './reports.js';
