// Lint: typescript-eslint's recommended rules, plus the project's one architectural rule:
// src/core is the pure engine and may not import `vscode` at runtime (type-only imports are fine).
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
    // The core, and the vscode-free halves of features (tested in plain Node).
    files: [
      'src/core/**/*.ts', 'src/statusBar/statusText.ts', 'src/leakGuard/leakFixArgs.ts',
      'src/inspector/{verification,inspectionModel,inspectionNodes,tokenNodes,hoverText,reportCache,tokenText,confirmedIssuers}.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'This file is pure (tested in plain Node): no runtime vscode import (use `import type`).', allowTypeImports: true }],
      }],
    },
  },
  {
    // The vscode-free halves of the .http file feature (tested in plain Node).
    files: ['src/httpFiles/dotenvTrust.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'This file is pure (tested in plain Node): no runtime vscode import (use `import type`).', allowTypeImports: true }],
      }],
    },
  },
);
