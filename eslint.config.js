// One lint setup for every Relais workspace. Formatting is prettier's job (eslint-config-prettier).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

// Domain code is pure: no Kafka, no HTTP framework, no clock (BRIEF "One service's inside").
const domainForbiddenImports = {
  paths: [
    {
      name: 'kafkajs',
      message: 'src/domain/** is pure: Kafka belongs in consumers/ or adapters/.',
    },
    { name: 'fastify', message: 'src/domain/** is pure: HTTP belongs in routes/.' },
    { name: 'node:timers', message: 'src/domain/** is handed a clock; it never reads one.' },
    {
      name: 'node:timers/promises',
      message: 'src/domain/** is handed a clock; it never reads one.',
    },
    {
      name: '@relais/kit',
      message: 'src/domain/** is pure: wire adapters in src/index.ts instead.',
    },
  ],
  patterns: [
    { group: ['kafkajs/*', '@kafkajs/*'], message: 'src/domain/** is pure: no Kafka.' },
    { group: ['fastify*', '@fastify/*'], message: 'src/domain/** is pure: no HTTP.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.turbo/**',
      '**/generated/**',
      '.relais/**',
      'infra/kafka/.work/**',
      'infra/tracing/.work/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Tests read JSON answers loosely; production code may not. The harness is test code too.
    files: ['**/test/**/*.ts', 'packages/harness/src/**/*.ts'],
    // … and may print what they measured.
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-console': 'off' },
  },
  {
    // CLIs and scripts talk to a person on a terminal.
    files: ['**/scripts/**', 'bench/**', 'infra/**', '**/src/cli.ts', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', domainForbiddenImports],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'src/domain/** is pure.' },
        { name: 'setInterval', message: 'src/domain/** is pure.' },
        { name: 'process', message: 'src/domain/** is pure: config comes in as arguments.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'src/domain/** is handed a clock; `new Date()` reads the wall clock.',
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'src/domain/** is handed a clock.' },
        { object: 'performance', property: 'now', message: 'src/domain/** is handed a clock.' },
        { object: 'Math', property: 'random', message: 'src/domain/** is handed a generator.' },
      ],
    },
  },
  prettier,
);
