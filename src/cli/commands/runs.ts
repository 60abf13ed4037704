import type { Command } from 'commander';
import type { CliContext } from '../context.js';

// Placeholder registration; the command is being built.
export function registerRuns(_program: Command, _ctx: CliContext): void {}
