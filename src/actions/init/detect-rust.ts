// Rust projects: cargo's own test, lint and format commands.
import { command, type EcosystemFacts } from './facts.js';
import type { ProjectSnapshot } from './snapshot.js';

export function detectRust(snapshot: ProjectSnapshot): EcosystemFacts | undefined {
  if (!snapshot.files.includes('Cargo.toml')) return undefined;
  const source = 'Cargo.toml';
  return {
    packageManager: 'cargo',
    commands: {
      test: command('cargo test', source),
      lint: command('cargo clippy --all-targets', source, 'cargo clippy'),
      format: command('cargo fmt', source),
      typecheck: command('cargo check', source),
      build: command('cargo build', source),
    },
  };
}
