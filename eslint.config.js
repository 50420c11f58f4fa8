import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test/fixtures/', 'examples/', '**/*.golden.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The functional core does no I/O: it may not import the shell or Node's I/O modules.
    files: [
      'src/dbt/**',
      'src/diff/**',
      'src/policy/**',
      'src/impact/**',
      'src/report/**',
      'src/review/**',
      'src/commands/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/github/**', '**/cli/**', '**/service/**'], message: 'The core may not import the shell.' },
            {
              group: [
                'node:fs',
                'node:fs/*',
                'fs',
                'node:child_process',
                'node:net',
                'node:http',
                'node:https',
                'pino',
                'probot',
              ],
              message: 'The core does no I/O.',
            },
          ],
        },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['bin/**', 'jest.config.js', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
