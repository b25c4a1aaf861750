/**
 * Writes report.json, junit.xml, summary.md and report.html into a folder. Each file is written to a temporary
 * name and renamed, so a reader never sees half a report.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalReport } from './model';

export const REPORT_FILES = ['report.json', 'junit.xml', 'summary.md', 'report.html'] as const;

export async function writeReports(dir: string, report: EvalReport): Promise<string[]> {
  const [{ renderJunit }, { renderMarkdown }, { renderHtml }] = await Promise.all([
    import('./junit'),
    import('./markdown'),
    import('./html'),
  ]);
  const contents: Record<(typeof REPORT_FILES)[number], string> = {
    'report.json': `${JSON.stringify(report, null, 2)}\n`,
    'junit.xml': renderJunit(report),
    'summary.md': renderMarkdown(report),
    'report.html': renderHtml(report),
  };
  mkdirSync(dir, { recursive: true });
  return REPORT_FILES.map((name) => {
    const path = join(dir, name);
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, contents[name]);
    renameSync(temporary, path);
    return path;
  });
}
