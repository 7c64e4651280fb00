// Lint: typescript-eslint's recommended rules, plus the project's one architectural rule:
// src/core is the pure engine and may not import `vscode` at runtime (type-only imports are fine).
// src/ and test/ are linted with type information, for the rules that need it: a promise nobody awaits or
// catches, a promise where a void callback is expected, a switch that misses a case of a union.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.konexus-run/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // Purity by folder: the core and every feature's model/ folder are vscode-free (tested in plain Node).
    files: ['src/core/**/*.ts', 'src/*/model/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core/** and src/*/model/** are pure (tested in plain Node): no runtime vscode import (use `import type`).', allowTypeImports: true }],
      }],
    },
  },
);
