import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../../../evals/engine/report/console';
import type { EvalReport } from '../../../../evals/engine/report/model';
import { makeLargeReport, makeReport } from '../../../helpers/report-fixture';

const ANSI = /\u001b\[[0-9;]*m/g;
const lines = (text: string) => text.trimEnd().split('\n');

function withRegressionReason(report: EvalReport, reason: string): EvalReport {
  const [quality, ...others] = report.suites;
  const comparison = quality!.comparison!;
  return { ...report, suites: [{ ...quality!, comparison: { ...comparison, regressions: [{ id: 'refund-window', reasons: [reason] }] } }, ...others] };
}

describe('renderConsole', () => {
  it('prints no ANSI codes with color off', () => {
    expect(renderConsole(makeReport(), { color: false })).not.toMatch(ANSI);
  });

  it('colors with color on, and only adds color', () => {
    // Act
    const colored = renderConsole(makeReport(), { color: true });

    // Assess
    expect(colored).toMatch(ANSI);
    expect(colored.replace(ANSI, '')).toBe(renderConsole(makeReport(), { color: false }));
  });

  it.each([
    ['block', 'BLOCKED: quality pass rate 0.78 < 0.85'],
    ['pass', 'PASS: quality pass rate 0.78 < 0.85'],
    ['inconclusive', 'INCONCLUSIVE: quality pass rate 0.78 < 0.85'],
  ] as const)('ends a %s report with the decision and why', (decision, last) => {
    expect(lines(renderConsole(makeReport({ decision }), { color: false })).at(-1)).toBe(last);
  });

  it.each([
    ['quality', 'quality      10  0.78 < 0.85        1       +0.0 pts  1460 ms  BLOCKED'],
    ['security', 'security      4  1.00 >= 1.00       0       +0.0 pts  1620 ms  PASS'],
    ['schema', 'schema        3  1.00 >= 1.00       0       +0.0 pts   420 ms  PASS'],
  ])('shows suite %s as a table row', (_suite, row) => {
    expect(lines(renderConsole(makeReport(), { color: false }))).toContain(row);
  });

  it('aligns every column of the suite table', () => {
    // Act
    const [header, ...rows] = lines(renderConsole(makeReport(), { color: false })).slice(2, 6);

    // Assess
    expect(header).toBe('suite     cases  pass rate     errors  Δ vs baseline      p95  decision');
    for (const row of rows) {
      expect(row.indexOf(' ms ') + 3).toBe(header!.indexOf('p95') + 3);
      expect(row.search(/(BLOCKED|PASS|INCONCLUSIVE)$/)).toBe(header!.indexOf('decision'));
    }
  });

  it('lists regressions by suite/id with their reasons, flaky cases and notes', () => {
    const text = renderConsole(makeReport(), { color: false });
    expect(text).toContain("Regressions (1)\n  quality/refund-window  contains: output does not contain '30 calendar days'\n");
    expect(text).toContain('Flaky (1): quality/tone-friendly\n');
    expect(text).toContain('Notes\n  quality: 1 flaky case(s): tone-friendly\n');
  });

  it('caps the regressions at 25 and counts the rest', () => {
    // Act
    const text = renderConsole(makeLargeReport(60), { color: false });

    // Assess
    expect(text).toContain('Regressions (30)');
    expect(text.match(/^ {2}quality\/case-/gm)).toHaveLength(25);
    expect(text).toContain('  … and 5 more\n');
  });

  it('shows a dash for the delta of a suite without a baseline', () => {
    // Prepare
    const report = makeReport();
    const unpaired = { ...report, suites: report.suites.map(({ comparison: _comparison, ...s }) => s) };

    // Act
    const text = renderConsole(unpaired, { color: false });

    // Assess
    expect(lines(text)).toContain('schema        3  1.00 >= 1.00       0              –   420 ms  PASS');
    expect(text).not.toContain('Regressions');
  });

  it('strips escape sequences a model put in a reason', () => {
    const text = renderConsole(withRegressionReason(makeReport(), 'output was \u001b[2J\u001b[31mred\nand cleared'), { color: false });
    expect(text).toContain('  quality/refund-window  output was [2J [31mred and cleared\n');
    expect(text).not.toContain('\u001b');
  });
});
