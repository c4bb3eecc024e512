import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const noElectron = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        {
          name: 'electron',
          message:
            'This folder is plain Node: keep electron in electron/main and electron/preload.',
        },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'test-results', 'bench-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    files: [
      'electron/pool/**',
      'electron/worker/**',
      'electron/service/**',
      'electron/server/**',
      'electron/cli/**',
      'electron/python-host/**',
      'shared/**',
      'renderer/**',
    ],
    rules: noElectron,
  },
);
