// Go modules: the go tool's test, vet and gofmt, or golangci-lint when it is configured.
import { command, type EcosystemFacts } from './facts.js';
import type { ProjectSnapshot } from './snapshot.js';

const GOLANGCI_CONFIGS = ['.golangci.yml', '.golangci.yaml', '.golangci.toml', '.golangci.json'];

export function detectGo(snapshot: ProjectSnapshot): EcosystemFacts | undefined {
  if (!snapshot.files.includes('go.mod')) return undefined;
  const golangci = GOLANGCI_CONFIGS.find((f) => snapshot.files.includes(f));
  return {
    packageManager: 'go',
    commands: {
      test: command('go test ./...', 'go.mod', 'go test'),
      lint: golangci
        ? command('golangci-lint run', golangci, 'golangci-lint run')
        : command('go vet ./...', 'go.mod', 'go vet'),
      format: command('gofmt -w .', 'go.mod', 'gofmt'),
      build: command('go build ./...', 'go.mod', 'go build'),
    },
  };
}
