// One lint setup for the whole repo. Per-package globals enforce "headless core, thin edges":
// the pure packages see neither DOM nor Node globals, the web app sees no Node built-ins.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import globals from 'globals'
import { builtinModules } from 'node:module'

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)]
const noNodeImports = {
  'no-restricted-imports': [
    'error',
    { paths: nodeBuiltins.map((name) => ({ name, message: 'no Node built-ins here' })) },
  ],
}

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/dist-bundle/**',
      '**/dist-peers/**',
      '**/node_modules/**',
      '**/.turbo/**',
      'data/**',
      '**/test-results/**',
      '**/playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']",
          message: 'focused tests skip the rest of the suite',
        },
        {
          // esbuild bundles zod's `z` (a namespace re-exported as a value) whole, with every
          // locale (~260 KB the server held at start); `import * as z` lets it drop what is unused.
          selector:
            "ImportDeclaration[source.value=/^zod(\\/mini)?$/] > ImportSpecifier[imported.name='z']",
          message:
            "import * as z from 'zod' (or 'zod/mini'): the server bundle keeps only what is used",
        },
      ],
    },
  },
  {
    // Pure packages: ES globals only.
    files: ['packages/model/src/**', 'packages/protocol/src/**', 'packages/formula/src/**'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: noNodeImports,
  },
  {
    // The client runs in browsers and Node: no Node built-ins outside its tests.
    files: ['packages/client/src/**'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: noNodeImports,
  },
  {
    files: ['apps/web/**'],
    ignores: ['apps/web/vite.config.ts', 'apps/web/vitest.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: noNodeImports,
  },
  {
    // Cells, sheet names and titles are other people's input: the app renders them as text
    // (interpolation, `textContent`), never as HTML.
    files: ['apps/web/src/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'vue/no-v-html': 'error',
      'no-restricted-properties': [
        'error',
        ...['innerHTML', 'outerHTML', 'insertAdjacentHTML'].map((property) => ({
          property,
          message: 'render untrusted text as text (interpolation or textContent)',
        })),
      ],
    },
  },
  {
    files: [
      'apps/server/**',
      'e2e/**',
      'packages/bench/**',
      '**/*.test.ts',
      '*.js',
      '.ci/**',
      '**/*.config.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  prettier,
)
