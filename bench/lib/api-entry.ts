// The API's own code the bench reuses (bundled by bench/lib/build.mjs into node_modules/.cache/bitflow-bench/api.mjs):
// field encryption, password hashing, key generation, migrations and the app itself (for SQL capture).
export { FieldCipher } from '../../apps/api/src/platform/crypto/field-encryption.js';
export { hashPassword } from '../../apps/api/src/platform/crypto/password.js';
export { generatePemKey } from '../../apps/api/src/platform/crypto/jwt-keys.js';
export { loadConfig } from '../../apps/api/src/config.js';
export { openPlatform } from '../../apps/api/src/platform/index.js';
export { buildApp } from '../../apps/api/src/app.js';
export { migrateToLatest } from '../../apps/api/src/db/migrate.js';
export { syncCatalogue } from '../../apps/api/src/db/seed/catalogue.js';
export { rebuildDashboardCounts } from '../../apps/api/src/modules/dashboard/dashboard-counts.js';
