// Lint for the live panels' browser modules and their node tests.
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['regviz/ui/assets/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.browser } },
    rules: { 'no-unused-vars': ['error', { args: 'none' }], eqeqeq: 'error', 'prefer-const': 'error' },
  },
  {
    files: ['tests/js/**/*.mjs', 'tests/js/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    rules: { eqeqeq: 'error', 'prefer-const': 'error' },
  },
];
