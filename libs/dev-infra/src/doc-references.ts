/**
 * `npm run docs:check`: every documentation reference in the repository resolves inside it.
 *
 * Scans the tracked files for `docs/<file>.md` (optionally followed by `§N`, `§N/§M`, `§N and §M`)
 * and, in Markdown, for relative links to `.md` files. A reference fails when its file does not
 * exist or a section it names is not a `## N.` heading of that file. A reference to the design as
 * it was kept outside the repository (its old file name, a section sign after it, or the `shared`
 * directory beside the checkout) always fails: the repository must stand on its own.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** One unresolved reference, at a 1-based line. */
export interface Problem {
  line: number;
  message: string;
}

/** The section numbers of a doc (its `## N.` headings), or undefined when the doc does not exist. */
export type SectionsOf = (docPath: string) => ReadonlySet<number> | undefined;

const SECTIONS = String.raw`((?:\s?§\d+(?:\s*(?:/|,|and|or)\s*§\d+)*)?)`;
/** `docs/x.md` from the repository root, not inside a URL or a longer path. */
const ROOT_REFERENCE = new RegExp(String.raw`(?<![\w./-])(docs/(?:[\w-]+/)*[\w.-]+?\.md)(?![\w-])` + SECTIONS, 'g');
/** A Markdown link to a local `.md` file, relative to the file it is in: `[text](design.md)`. */
const MARKDOWN_LINK = new RegExp(String.raw`\]\((?![a-z]+:)([^)\s#]+\.md)(?:#[^)\s]*)?\)` + SECTIONS, 'g');
/** The design as it was kept outside the repository. */
const OUTSIDE_REFERENCE = /\bDESIGN(?:\.md\b|\s*§)|\.\.\/shared\//;
/** A doc's numbered sections. */
const SECTION_HEADING = /^## (\d+)\. /gm;

/** The numbers of a Markdown document's `## N.` headings. */
export function sectionHeadings(markdown: string): Set<number> {
  return new Set([...markdown.matchAll(SECTION_HEADING)].map((match) => Number(match[1])));
}

/** The unresolved references in one file's text; `file` is its repository-relative path. */
export function problemsIn(file: string, text: string, sectionsOf: SectionsOf): Problem[] {
  const problems: Problem[] = [];
  text.split('\n').forEach((lineText, index) => {
    const line = index + 1;
    if (OUTSIDE_REFERENCE.test(lineText)) {
      problems.push({ line, message: `refers outside the repository (cite docs/design.md §N): ${lineText.trim().slice(0, 100)}` });
    }
    // doc → the section signs cited with it on this line (a link and its path can name one doc twice)
    const references = new Map<string, string>();
    const cite = (doc: string, sections: string) => references.set(doc, (references.get(doc) ?? '') + sections);
    for (const match of lineText.matchAll(ROOT_REFERENCE)) cite(match[1], match[2]);
    if (file.endsWith('.md')) {
      for (const match of lineText.matchAll(MARKDOWN_LINK)) cite(normalize(join(dirname(file), match[1])), match[2]);
    }
    for (const [doc, sections] of references) {
      const headings = sectionsOf(doc);
      if (!headings) {
        problems.push({ line, message: `${doc} does not exist` });
        continue;
      }
      for (const [, section] of sections.matchAll(/§(\d+)/g)) {
        if (!headings.has(Number(section))) problems.push({ line, message: `${doc} has no section §${section}` });
      }
    }
  });
  return problems;
}

/** These files talk about the patterns themselves. */
const SELF = new Set(['libs/dev-infra/src/doc-references.ts', 'libs/dev-infra/src/doc-references.spec.ts']);

function main(root: string): number {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file && file !== 'package-lock.json' && !SELF.has(file));
  const headingsCache = new Map<string, Set<number> | undefined>();
  const sectionsOf: SectionsOf = (doc) => {
    if (!headingsCache.has(doc)) {
      const path = join(root, doc);
      headingsCache.set(doc, existsSync(path) ? sectionHeadings(readFileSync(path, 'utf8')) : undefined);
    }
    return headingsCache.get(doc);
  };
  let failures = 0;
  for (const file of files) {
    const path = join(root, file);
    if (!existsSync(path)) continue; // deleted in the working tree, not yet committed
    const text = readFileSync(path, 'utf8');
    if (text.includes('\0')) continue; // binary
    for (const problem of problemsIn(file, text, sectionsOf)) {
      console.error(`${file}:${problem.line}: ${problem.message}`);
      failures += 1;
    }
  }
  if (failures) {
    console.error(`docs:check: ${failures} unresolved reference(s)`);
    return 1;
  }
  console.log(`docs:check: every doc reference in ${files.length} files resolves`);
  return 0;
}

if (require.main === module) process.exit(main(process.cwd()));
