#!/usr/bin/env node
import { processIo } from '../evals/cli/io';
import { main } from '../evals/cli/main';

process.exitCode = await main(process.argv.slice(2), processIo());
