/**
 * Every file a source comment cites is in the repository, so whoever clones the project can
 * follow it (issue 14: comments cited Markdown files that only existed outside it). A cited
 * file is any Markdown name, or a path under one of the repository's top folders with a file
 * extension. It may be a repository path (`docs/aws-data.md`), a path relative to the citing
 * file, or a bare name at the repository root (`README.md`). URLs are not citations.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { readSources, type SourceFile } from './import-graph';

const ROOT = join(import.meta.dirname, '../../..');
const MARKDOWN_PATH = /[\w./-]*[\w-]\.md\b/g;
const REPOSITORY_PATH =
  /\b(?:lib|rules|handlers|bin|scripts|bench|emulator|test|docs|deploy)\/[\w./-]*\.(?:ts|mjs|md|json|ya?ml)\b/g;

/** The text of every comment of a file, each once. */
function commentsOf(file: SourceFile): string[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const seen = new Map<number, string>();
  const collect = (ranges: ts.CommentRange[] | undefined): void => {
    for (const range of ranges ?? []) seen.set(range.pos, file.text.slice(range.pos, range.end));
  };
  const visit = (node: ts.Node): void => {
    collect(ts.getLeadingCommentRanges(file.text, node.getFullStart()));
    collect(ts.getTrailingCommentRanges(file.text, node.getEnd()));
    ts.forEachChild(node, visit);
  };
  visit(source);
  collect(ts.getLeadingCommentRanges(file.text, source.endOfFileToken.getFullStart()));
  return [...seen.values()];
}

/** `file: cited` for each file a comment cites that exists nowhere it could mean. */
function missingCitations(files: readonly SourceFile[], exists: (path: string) => boolean): string[] {
  return files.flatMap((file) =>
    commentsOf(file).flatMap((comment) =>
      comment
        .split(/[\s`'"()[\]<>,;]+/)
        .filter((word) => !word.includes('://'))
        .flatMap((word) => [
          ...new Set([...(word.match(MARKDOWN_PATH) ?? []), ...(word.match(REPOSITORY_PATH) ?? [])]),
        ])
        .filter((cited) => !exists(cited) && !exists(join(dirname(file.path), cited)))
        .map((cited) => `${file.path}: ${cited}`),
    ),
  );
}

const inRepository = (path: string): boolean => existsSync(join(ROOT, path));

describe('file citations in source comments', () => {
  it('name files that are in the repository (lib, rules, handlers, bin, scripts, bench, emulator, test)', () => {
    // Prepare
    const files = [...readSources(ROOT), ...readSources(ROOT, ['test'])];

    // Act
    const missing = missingCitations(files, inRepository);

    // Assess: none is missing, and the scan saw the citations to docs/.
    expect(missing).toEqual([]);
    expect(files.filter(({ text }) => text.includes('docs/aws-data.md')).length).toBeGreaterThan(20);
  });

  it('report a comment citing a file that is not there, and ignore strings, URLs and files that are', () => {
    // Prepare
    const planted: SourceFile = {
      path: 'lib/config/planted.ts',
      text: [
        '/** Shapes from aws-facts.md §2 and docs/aws-data.md §2; see ../../README.md. */',
        "const name = 'rules.md'; // docs/rule-semantics.md, https://example.com/guide/README.md",
        '/* (docs/nowhere.md), lib/aws/evaluator-deps.ts: moved; lib/lambda/evaluator-deps.ts. */',
        'export { name };',
      ].join('\n'),
    };

    // Act
    const missing = missingCitations([planted], inRepository);

    // Assess
    expect(missing).toEqual([
      'lib/config/planted.ts: aws-facts.md',
      'lib/config/planted.ts: docs/nowhere.md',
      'lib/config/planted.ts: lib/aws/evaluator-deps.ts',
    ]);
  });
});
