// Python projects: uv, poetry or pip; pytest, ruff, black, flake8, mypy and pyright when configured.
import { command, type DetectedCommand, type EcosystemFacts } from './facts.js';
import type { ProjectSnapshot } from './snapshot.js';

const MARKERS = ['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', 'Pipfile'];

/** The manager and the prefix that runs a tool in the project's environment. */
export function detectPythonManager(
  files: readonly string[],
  pyproject: string,
): { manager: string; prefix: string } {
  if (files.includes('uv.lock') || /^\[tool\.uv\b/m.test(pyproject)) {
    return { manager: 'uv', prefix: 'uv run ' };
  }
  if (files.includes('poetry.lock') || /^\[tool\.poetry\b/m.test(pyproject)) {
    return { manager: 'poetry', prefix: 'poetry run ' };
  }
  return { manager: 'pip', prefix: '' };
}

export function detectPython(snapshot: ProjectSnapshot): EcosystemFacts | undefined {
  const { files } = snapshot;
  const marker = MARKERS.find((m) => files.includes(m));
  if (marker === undefined) return undefined;
  const text = (file: string) => (files.includes(file) ? (snapshot.read(file) ?? '') : '');
  const pyproject = text('pyproject.toml');
  const setupCfg = text('setup.cfg');
  const toxIni = text('tox.ini');
  const requirements = files
    .filter((f) => /^requirements[^/]*\.txt$/.test(f))
    .map(text)
    .join('\n');
  // Where dependencies are declared, to tell "configured" tools from absent ones.
  const declared = `${pyproject}\n${setupCfg}\n${requirements}\n${text('Pipfile')}`;
  const mentions = (tool: string) => new RegExp(`(^|["'\\s=])${tool}\\b`, 'm').test(declared);
  const section = (name: string) =>
    new RegExp(`^\\[${name.replace(/\./g, '\\.')}\\b`, 'm').test(pyproject);

  const { manager, prefix } = detectPythonManager(files, pyproject);
  const tool = (run: string, source: string): DetectedCommand =>
    command(`${prefix}${run}`, source, `${prefix}${run.split(' ')[0] ?? run}`);
  const facts: EcosystemFacts = { packageManager: manager, commands: {} };

  const pytestSource = section('tool.pytest')
    ? 'pyproject.toml [tool.pytest]'
    : files.includes('pytest.ini')
      ? 'pytest.ini'
      : files.includes('conftest.py') || files.includes('tests/conftest.py')
        ? 'conftest.py'
        : /^\[tool:pytest\]/m.test(setupCfg) || /^\[pytest\]/m.test(toxIni)
          ? 'setup.cfg/tox.ini'
          : mentions('pytest')
            ? `pytest in ${marker}`
            : undefined;
  if (pytestSource) facts.commands.test = tool('pytest', pytestSource);

  const ruff =
    section('tool.ruff') || files.includes('ruff.toml') || files.includes('.ruff.toml')
      ? 'ruff configuration'
      : mentions('ruff')
        ? `ruff in ${marker}`
        : undefined;
  const flake8 =
    files.includes('.flake8') || /^\[flake8\]/m.test(setupCfg) || /^\[flake8\]/m.test(toxIni);
  if (ruff) facts.commands.lint = tool('ruff check .', ruff);
  else if (flake8) facts.commands.lint = tool('flake8', 'flake8 configuration');

  if (section('tool.black') || mentions('black')) {
    facts.commands.format = tool('black .', 'black configuration');
  } else if (ruff) {
    facts.commands.format = tool('ruff format .', ruff);
  }

  if (section('tool.mypy') || files.includes('mypy.ini') || mentions('mypy')) {
    facts.commands.typecheck = tool('mypy .', 'mypy configuration');
  } else if (section('tool.pyright') || files.includes('pyrightconfig.json')) {
    facts.commands.typecheck = tool('pyright', 'pyright configuration');
  }
  return facts;
}
