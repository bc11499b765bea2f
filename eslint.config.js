import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// A route's body, params and query are typed by its schema through the zod type provider; asserting
// them (`req.body as X`) would type what the schema does not check.
const requestData = "MemberExpression[object.name=/^(req|request)$/][property.name=/^(body|params|query)$/]";
const noRequestCasts = [
  { selector: `TSAsExpression > ${requestData}.expression`, message: 'Type request data with the route schema (zod type provider), not a cast.' },
  { selector: `TSTypeAssertion > ${requestData}.expression`, message: 'Type request data with the route schema (zod type provider), not a cast.' },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.next/**', 'data/**', 'test-artifacts/**', 'bench/.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'URL', 'Buffer', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'fetch', 'FormData', 'Blob', 'performance', 'window', 'document'].map((g) => [g, 'readonly']),
      ),
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Repositories are the only code that touches the query builder (DESIGN §14.6).
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['apps/api/src/modules/**/*.routes.ts', 'apps/api/src/modules/**/*.service.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'kysely', message: 'Only repositories use the query builder.', allowTypeImports: true }] }],
    },
  },
  { files: ['apps/api/src/**/*.ts'], rules: { 'no-restricted-syntax': ['error', ...noRequestCasts] } },
  // One way to audit: writeAudit adds the request's facts and the impersonating operator; the chain's
  // own append (recordAudit) is for it alone.
  {
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/modules/audit/audit-writer.ts', 'apps/api/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/audit.service.js', './audit.service.js'], importNames: ['recordAudit'], message: 'Write audit rows with writeAudit (modules/audit/audit-writer.ts).' }] }],
    },
  },
  // No `as never` in routes and modules: a type that needs one belongs in a repository, with its reason.
  {
    files: ['apps/api/src/modules/**/*.routes.ts', 'apps/api/src/modules/**/*.module.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...noRequestCasts, { selector: 'TSAsExpression > TSNeverKeyword.typeAnnotation', message: 'No `as never` in routes: type it, or move it into a repository with a comment saying why.' }],
    },
  },
  // The portal: the Rules of Hooks and the React Compiler's checks.
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    rules: { ...reactHooks.configs.flat.recommended.rules, 'react-hooks/exhaustive-deps': 'error' },
  },
);
