/**
 * evalgate's own package: its root (the nearest package.json named evalgate) and version. The same walk finds it
 * from the sources (lib/, bin/cli) and from the built package (dist/lib, dist/cli), installed or not.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Manifest {
  readonly name?: string;
  readonly version?: string;
}

function find(from: string): { dir: string; manifest: Manifest } {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      if (manifest.name === 'evalgate') return { dir, manifest };
    }
    if (dirname(dir) === dir) throw new Error(`evalgate's package.json was not found above ${from}`);
  }
}

const here = () => dirname(fileURLToPath(import.meta.url));

/** @example packageRoot(); // '/app/node_modules/evalgate' */
export const packageRoot = (from: string = here()): string => find(from).dir;

/** @example packageVersion(); // '0.2.0' */
export const packageVersion = (from: string = here()): string => find(from).manifest.version ?? 'unknown';
