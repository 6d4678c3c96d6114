import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.cavra/**',
      'deploy/kafka/lib/**',
      '**/*.tmp.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  {
    files: [
      'packages/cli/**',
      'bench/**',
      '**/bench/**',
      '**/scripts/**',
      'test/support/**',
      'deploy/**',
    ],
    rules: { 'no-console': 'off' },
  },
);
