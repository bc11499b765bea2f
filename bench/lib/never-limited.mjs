// The bench users' rate-limit counters (apps/api/src/http/rate-limit.ts userCounter: rl:u:<user id>),
// set far below zero before a batch of requests: the API still counts every request, and never
// answers 429 however fast or long the batch. Used by interleave.mjs and callgrind.mjs.

/** The counter key of the user a bearer token names. */
export const counterKey = (token) => `rl:u:${JSON.parse(Buffer.from(token.split('.')[1], 'base64url')).sub}`;

/** `redis`: an ioredis client with the API's key prefix; `tokens`: the batch's access tokens. */
export const neverLimited = (redis, tokens) => Promise.all([...new Set(tokens.map(counterKey))].map((k) => redis.set(k, '-1000000000000', 'PX', 3_600_000)));
