#!/usr/bin/env node
import { main } from '../dist/bundle/main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
