// Which paths the policy's globs name, and the lists of paths it knows by default.
import picomatch from 'picomatch';

/**
 * Paths no step changes unless the policy says otherwise (`protect:`): CI workflows, the git
 * files that change how git reads the repository, and mmm's own directory. `.gitignore` is left
 * out: steps (and `mmm init`) add to it as a matter of course.
 */
export const DEFAULT_PROTECTED: readonly string[] = [
  '.github/workflows/**',
  '/.gitmodules',
  '.gitattributes',
  '.mmm/**',
];

/**
 * Manifests and lockfiles of the ecosystems mmm knows (`dependencies:`), by file name at any
 * depth: JavaScript, Python, Rust, Go and Ruby.
 */
export const DEPENDENCY_FILES: readonly string[] = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  'bun.lock',
  'bun.lockb',
  'pyproject.toml',
  'requirements*.txt',
  '**/requirements/*.txt',
  'constraints*.txt',
  'poetry.lock',
  'Pipfile',
  'Pipfile.lock',
  'uv.lock',
  'pdm.lock',
  'setup.py',
  'setup.cfg',
  'Cargo.toml',
  'Cargo.lock',
  'go.mod',
  'go.sum',
  'go.work',
  'go.work.sum',
  'Gemfile',
  'Gemfile.lock',
  '*.gemspec',
];

/** Where mmm writes run manifests itself: a new file there is not a change to `.mmm/`. */
const PROVENANCE_DIR = '.mmm/provenance/';

/**
 * A matcher for a list of globs, against paths relative to the repository root. picomatch
 * syntax, dotfiles included. A glob without a `/` matches a file name at any depth, as in
 * .gitignore (`*.pem` matches `keys/a.pem`); with one, the whole path from the root; a leading
 * `/` anchors a name to the root (`/README.md`). A glob naming a directory's contents
 * (`secrets/**`) matches every file below it.
 */
export function pathMatcher(globs: readonly string[]): (path: string) => string | undefined {
  const tests = globs.map((glob) => {
    const anchored = glob.startsWith('/');
    const body = glob.replace(/^\/+/, '').replace(/\/+$/, '/**');
    const nameOnly = !anchored && !body.includes('/');
    const isMatch = picomatch(body, { dot: true, basename: nameOnly });
    return { glob, isMatch };
  });
  return (path) => tests.find((t) => t.isMatch(path))?.glob;
}

/** True for a file mmm adds itself: a new manifest under `.mmm/provenance/`. */
export function isMmmManifest(path: string, status: string): boolean {
  return status === 'added' && path.startsWith(PROVENANCE_DIR) && path.endsWith('.json');
}
