#!/usr/bin/env node
import { processIo } from './cli/io';
import { main } from './cli/main';

process.exitCode = await main(process.argv.slice(2), processIo());
