/**
 * The CLI build's checks (scripts/build-cli.ts): which bundled files come from which package, and
 * which imports a bundle would leave to run time (none allowed: the package has no dependencies).
 * The build itself is exercised by test/integration/package.test.ts (npm pack runs it).
 */
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundledPackageDirs, packageOfInput, runtimeImports } from '../../../scripts/build-cli';

const input = { bytes: 1, imports: [] };
const output = (imports: Metafile['outputs'][string]['imports']) => ({
  bytes: 1,
  inputs: {},
  imports,
  exports: [],
});

describe('packageOfInput', () => {
  it('names the innermost package of a node_modules path, scoped or not, and nothing for our files', () => {
    // Act
    const names = [
      '../../main/node_modules/@aws-sdk/client-ec2/dist-es/index.js',
      'node_modules/bowser/es5.js',
      'node_modules/@a/b/node_modules/@a/c/index.js',
      'node_modules/x/node_modules/y/lib/z.js',
      'lib/cli/main.ts',
    ].map(packageOfInput);

    // Assess
    expect(names).toEqual(['@aws-sdk/client-ec2', 'bowser', '@a/c', 'y', undefined]);
  });
});

describe('bundledPackageDirs', () => {
  it('lists each package folder once, nested copies apart, sorted', () => {
    // Prepare
    const metafile: Metafile = {
      inputs: {
        'lib/cli/main.ts': input,
        'node_modules/@smithy/core/dist-es/a.js': input,
        'node_modules/@smithy/core/dist-es/b.js': input,
        'node_modules/p/node_modules/@smithy/core/index.js': input,
        'node_modules/bowser/es5.js': input,
      },
      outputs: {},
    };

    // Act
    const dirs = bundledPackageDirs(metafile);

    // Assess
    expect(dirs).toEqual([
      'node_modules/@smithy/core',
      'node_modules/bowser',
      'node_modules/p/node_modules/@smithy/core',
    ]);
  });
});

describe('runtimeImports', () => {
  it("returns the external imports other than Node's built-ins, once each", () => {
    // Prepare
    const metafile: Metafile = {
      inputs: {},
      outputs: {
        'dist/cli/ppguard.mjs': output([
          { path: 'node:fs', kind: 'import-statement', external: true },
          // A bundled package may name a built-in without the prefix (yaml imports `process`).
          { path: 'process', kind: 'import-statement', external: true },
          { path: 'dist/cli/chunk-A.mjs', kind: 'import-statement' },
          { path: 'yaml', kind: 'dynamic-import', external: true },
        ]),
        'dist/cli/chunk-A.mjs': output([{ path: 'yaml', kind: 'import-statement', external: true }]),
      },
    };

    // Act
    const left = runtimeImports(metafile);

    // Assess
    expect(left).toEqual(['yaml']);
  });
});
