#!/usr/bin/env node
// Runs the CLI from its one-file bundle (made by scripts/bundle.mjs in `npm run build`).
import { createRequire } from 'node:module';

const { main } = createRequire(import.meta.url)('../dist/bundle/mmm.cjs');
process.exitCode = await main(process.argv.slice(2));
