import { problemsIn, sectionHeadings, type SectionsOf } from './doc-references';

const DOCS: Record<string, Set<number>> = {
  'docs/design.md': new Set([1, 2, 3, 8, 9]),
  'docs/glossary.md': new Set(),
  'README.md': new Set(),
};
const sectionsOf: SectionsOf = (doc) => DOCS[doc];
const check = (file: string, text: string) => problemsIn(file, text, sectionsOf);

describe('sectionHeadings', () => {
  it('reads the numbers of `## N.` headings only', () => {
    const markdown = ['# Title', '## 1. Shape', 'text ## 4. not a heading', '### 5. too deep', '## 13. Deployment', '## Notes'].join('\n');
    expect(sectionHeadings(markdown)).toEqual(new Set([1, 13]));
  });
});

describe('problemsIn', () => {
  it('accepts references to existing docs and sections', () => {
    const text = [
      '/** The table (docs/design.md §3), its words in docs/glossary.md. */',
      "describe('read events (docs/design.md §8/§9)', () => {});",
      "// docs/design.md §8 and §9; docs/design.md §3's rules",
      'See [the design](docs/design.md) and https://example.com/docs/missing.md.',
    ].join('\n');
    expect(check('apps/x/src/x.ts', text)).toEqual([]);
  });

  it('names the line of a missing doc or section', () => {
    const text = ['ok', '// docs/missing.md', '// docs/design.md §4', '// docs/design.md §8/§12'].join('\n');
    expect(check('apps/x/src/x.ts', text)).toEqual([
      { line: 2, message: 'docs/missing.md does not exist' },
      { line: 3, message: 'docs/design.md has no section §4' },
      { line: 4, message: 'docs/design.md has no section §12' },
    ]);
  });

  it('refuses every reference to the design kept outside the repository', () => {
    // Built, so that this file itself does not point outside the repository.
    const outside = ['..', 'shared', 'tools', 'containers-check.sh'].join('/');
    const lines = ['// DESIGN §3', '// see DESIGN.md', `// ${outside}`, '// DESIGNER §3 is someone else'];
    expect(check('bench/x.ts', lines.join('\n')).map((problem) => problem.line)).toEqual([1, 2, 3]);
  });

  it('resolves Markdown links relative to the document they are in', () => {
    const text = ['[design](design.md) §9', '[front door](../README.md)', '[deploy](deploy.md#aws)', '[design](design.md) §7'].join('\n');
    expect(check('docs/README.md', text)).toEqual([
      { line: 3, message: 'docs/deploy.md does not exist' },
      { line: 4, message: 'docs/design.md has no section §7' },
    ]);
  });

  it('reads relative links only in Markdown', () => {
    expect(check('apps/x/src/x.ts', "const link = '[x](nowhere.md)';")).toEqual([]);
  });
});
