// @ts-check
// TypeDoc's settings: the API pages of every published package (scripts/workspace-packages.mjs
// finds them, so a new package is documented without an edit here), each from its src/index.ts.
// Every export must carry a doc comment: an undocumented one fails `pnpm run docs`.
import { publishedPackages } from './scripts/workspace-packages.mjs';

const sourceLinkTemplate = 'https://github.com/deltaml/deltaml/blob/main/{path}#L{line}';

/** @type {Partial<import('typedoc').TypeDocOptions>} */
const config = {
  name: 'deltaml',
  entryPointStrategy: 'packages',
  entryPoints: publishedPackages().map(({ dir }) => `packages/${dir}`),
  packageOptions: {
    entryPoints: ['src/index.ts'],
    tsconfig: 'tsconfig.build.json',
    includeVersion: true,
    disableGit: true,
    sourceLinkTemplate,
    validation: { notExported: true, invalidLink: true, notDocumented: true },
    requiredToBeDocumented: ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias'],
  },
  out: 'docs/api',
  readme: 'none',
  projectDocuments: ['docs/seed.md'],
  disableGit: true,
  sourceLinkTemplate,
  treatWarningsAsErrors: true,
};

export default config;
