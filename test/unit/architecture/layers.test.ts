/**
 * The layers of docs/architecture.md hold over the whole import graph: no import runs back up
 * between folders, folders import each other in no loop, rules stay pure, and the pure folders
 * (engine, network resolution, policy, resources) reach no I/O. Biome's noRestrictedImports
 * (biome.json) says the same at lint time; the last tests plant imports and watch both fire.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  folderLoops,
  type Import,
  importsOf,
  importsRunningUp,
  impureImports,
  readSources,
  ruleImportsOutsideTheirLayers,
  unitOf,
} from './import-graph';

const ROOT = join(import.meta.dirname, '../../..');
const BIOME = join(ROOT, 'node_modules/.bin/biome');

function graphOf(files: Record<string, string>): Import[] {
  return Object.entries(files).flatMap(([path, text]) => importsOf({ path, text }));
}

describe('the import graph of the repository', () => {
  const imports = readSources(ROOT).flatMap(importsOf);

  it('was read: every folder of the layers and the imports between them', () => {
    // Assess: the scan is not vacuous.
    const units = new Set(imports.map(({ from }) => unitOf(from)));
    for (const unit of [
      'handlers',
      'lib/lambda',
      'lib/config',
      'lib/collect',
      'lib/aws',
      'rules',
      'lib/engine',
    ])
      expect(units).toContain(unit);
    expect(imports.filter(({ to }) => to.startsWith('lib/')).length).toBeGreaterThan(200);
  });

  it('has no import running back up between folders', () => {
    expect(importsRunningUp(imports)).toEqual([]);
  });

  it('has no loop between folders', () => {
    expect(folderLoops(imports)).toEqual([]);
  });

  it('keeps rules/ to the engine, network resolution, policy and resources', () => {
    expect(ruleImportsOutsideTheirLayers(imports)).toEqual([]);
  });

  it('keeps the pure folders away from I/O (the SDK for types only, outside rules/)', () => {
    expect(impureImports(imports)).toEqual([]);
  });

  it('reaches into test/ only from bench/ (for the model builders of the unit fixtures)', () => {
    const intoTests = imports
      .filter(({ from, to }) => to.startsWith('test/') && !from.startsWith('bench/'))
      .map(({ from, to }) => `${from} -> ${to}`);

    expect(intoTests).toEqual([]);
  });
});

describe('the layer checks on planted imports', () => {
  it('name an SDK import in rules/, and an I/O folder a rule reaches', () => {
    // Prepare
    const imports = graphOf({
      'rules/planted.ts':
        "import { S3Client } from '@aws-sdk/client-s3';\nimport { x } from '../lib/collect/source';",
    });

    // Act
    const outside = ruleImportsOutsideTheirLayers(imports);
    const impure = impureImports(imports);

    // Assess
    expect(outside).toEqual([
      'rules/planted.ts -> @aws-sdk/client-s3',
      'rules/planted.ts -> lib/collect/source',
    ]);
    expect(impure).toEqual([
      'rules/planted.ts -> @aws-sdk/client-s3 (the AWS SDK)',
      'rules/planted.ts -> lib/collect/source (the impure lib/collect)',
    ]);
  });

  it('name an SDK type import in rules/ too; in resources/ a type import is not I/O, a value import is', () => {
    // Prepare
    const imports = graphOf({
      'rules/planted.ts': "import type { Project } from '@aws-sdk/client-codebuild';",
      'lib/resources/planted.ts':
        "import type { Project } from '@aws-sdk/client-codebuild';\nimport { CodeBuildClient } from '@aws-sdk/client-codebuild';",
    });

    // Act
    const impure = impureImports(imports);

    // Assess
    expect(impure).toEqual([
      'rules/planted.ts -> @aws-sdk/client-codebuild (the AWS SDK)',
      'lib/resources/planted.ts -> @aws-sdk/client-codebuild (the AWS SDK)',
    ]);
  });

  it('name a pure folder that reads a file, loads I/O lazily or imports the Lambda wiring', () => {
    // Prepare
    const imports = graphOf({
      'lib/engine/planted.ts':
        "import { readFileSync } from 'node:fs';\nconst m = () => import('../aws/clients');",
      'lib/policy/planted.ts': "export type { X } from '../lambda/member';",
    });

    // Act
    const impure = impureImports(imports);

    // Assess
    expect(impure).toEqual([
      'lib/engine/planted.ts -> node:fs (a node I/O module)',
      'lib/engine/planted.ts -> lib/aws/clients (the impure lib/aws)',
      'lib/policy/planted.ts -> lib/lambda/member (the impure lib/lambda)',
    ]);
  });

  it('name an import running back up, and the loop it closes', () => {
    // Prepare: the shape of 12-04, when lib/aws held the Lambda wiring.
    const imports = graphOf({
      'lib/aws/evaluator-deps.ts': "import { describeSource } from '../collect/source';",
      'lib/collect/source.ts': "import type { ClientOptions } from '../aws/clients';",
    });

    // Act
    const up = importsRunningUp(imports);
    const loops = folderLoops(imports);

    // Assess
    expect(up).toEqual(['lib/aws/evaluator-deps.ts -> lib/collect/source (lib/aws imports lib/collect)']);
    expect(loops).toEqual([['lib/aws', 'lib/collect', 'lib/aws']]);
  });
});

describe("Biome's noRestrictedImports (biome.json)", () => {
  /** Lints planted files under the repository's Biome configuration, in a scratch directory. */
  function lint(files: Record<string, string>): { path: string; message: string; category: string }[] {
    const scratch = mkdtempSync(join(tmpdir(), 'ppguard-layers-'));
    try {
      const config = JSON.parse(readFileSync(join(ROOT, 'biome.json'), 'utf8')) as Record<string, unknown>;
      delete config.$schema;
      config.vcs = { enabled: false };
      writeFileSync(join(scratch, 'biome.json'), JSON.stringify(config));
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(scratch, path)), { recursive: true });
        writeFileSync(join(scratch, path), text);
      }
      let output: string;
      try {
        output = execFileSync(BIOME, ['lint', '--reporter=json', '.'], {
          cwd: scratch,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        });
      } catch (error) {
        output = String((error as { stdout?: unknown }).stdout ?? '');
      }
      const report = JSON.parse(output) as {
        diagnostics: { category: string; message: string; location: { path: string } }[];
      };
      return report.diagnostics
        .map(({ category, message, location }) => ({ path: location.path, message, category }))
        .sort((a, b) => a.path.localeCompare(b.path));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  it('fails on an SDK import in rules/ and an I/O import in a pure folder, and passes a clean rule', () => {
    // Prepare
    const files = {
      'rules/planted.ts':
        "import { S3Client } from '@aws-sdk/client-s3';\n\nexport const client = S3Client;\n",
      'rules/clean.ts': "import type { Rule } from '../lib/engine/rule';\n\nexport type Planted = Rule;\n",
      'lib/network/planted.ts':
        "import { paginate } from '../aws/paginate';\n\nexport const pages = paginate;\n",
    };

    // Act
    const diagnostics = lint(files);

    // Assess
    expect(diagnostics).toEqual([
      {
        path: 'lib/network/planted.ts',
        category: 'lint/style/noRestrictedImports',
        message:
          'A pure folder (lib/engine, lib/network, lib/policy, lib/resources) imports no I/O folder (docs/architecture.md, Layers).',
      },
      {
        path: 'rules/planted.ts',
        category: 'lint/style/noRestrictedImports',
        message:
          'Rules are pure (docs/architecture.md, Layers): a rule imports only lib/engine, lib/network, lib/policy, lib/resources and other rules; AWS I/O lives in lib/.',
      },
    ]);
  });
});
