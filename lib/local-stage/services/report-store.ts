/**
 * The reports bucket on the local stage: one file per key under a folder, so eval results and gate reports can be
 * opened with any viewer. Keys are relative paths; a key that would leave the folder is refused.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { ReportStore } from '../../../functions/ports/report-store';
import { ReportNotFoundError, UnsafePathError } from './errors';
import { writeFileAtomic } from './json-file';

/**
 * `root` joined with a relative `key` (segments separated by `/`); refuses absolute keys and `..` segments.
 *
 * @example
 * pathInside('.evalgate/reports', 'releases/r-1/gate.json'); // '.evalgate/reports/releases/r-1/gate.json'
 */
export function pathInside(root: string, key: string): string {
  const segments = key.split(/[/\\]/);
  if (key === '' || isAbsolute(key) || segments.some((segment) => segment === '..' || segment === '')) {
    throw new UnsafePathError(`key must be a relative path without empty or '..' segments, got: ${JSON.stringify(key)}`);
  }
  return join(root, ...segments);
}

/**
 * @example
 * const reports = new LocalReportStore('.evalgate/reports');
 * await reports.putJson('releases/r-1/shards/quality-0.json', results);
 * await reports.getJson('releases/r-1/shards/quality-0.json');
 */
export class LocalReportStore implements ReportStore {
  constructor(readonly dir: string) {}

  async putJson(key: string, value: unknown): Promise<void> {
    await this.putText(key, JSON.stringify(value), 'application/json');
  }

  /** The content type is not kept: a file's extension says it. */
  async putText(key: string, text: string, _contentType: string): Promise<void> {
    writeFileAtomic(pathInside(this.dir, key), text);
  }

  async getJson<T = unknown>(key: string): Promise<T> {
    const path = pathInside(this.dir, key);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ReportNotFoundError(`${path} does not exist`, { cause: error });
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new Error(`${path} is not JSON`, { cause: error });
    }
  }
}
