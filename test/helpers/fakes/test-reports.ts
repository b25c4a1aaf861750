import type { TestReportSource, TestReportTotals } from '../../../functions/ports/test-reports';
import { MissingTestEvidenceError } from '../../../functions/shared/errors';
import { Faults } from './faults';

/** Unit-test reports by reference (s3:// URI or CodeBuild report ARN); a missing one is missing test evidence, as on AWS. */
export class FakeTestReportSource extends Faults<'read'> implements TestReportSource {
  readonly reports = new Map<string, TestReportTotals>();

  async read(reference: string): Promise<TestReportTotals> {
    this.check('read');
    const totals = this.reports.get(reference);
    if (!totals) throw new MissingTestEvidenceError(`test report ${reference} does not exist`);
    return totals;
  }
}
