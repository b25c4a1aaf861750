import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidReleaseInputError, MissingTestEvidenceError } from '../../../../functions/shared/errors';
import { createReleaseLogger } from '../../../../functions/shared/middleware';
import { fakeWorld, releaseOf, type FakeWorld } from '../../../helpers/fakes';
import { captureLogs, lambdaContext } from '../../../helpers/fakes/lambda';

import { makeHandler } from '../../../../functions/tasks/check-unit-tests/handler';
const REPORT = 's3://ci-bucket/junit.xml';

describe('check-unit-tests handler', () => {
  let world: FakeWorld;
  let logs: ReturnType<typeof captureLogs>;
  const handler = () => makeHandler({ ...world, logger: createReleaseLogger() });

  beforeEach(() => {
    logs = captureLogs();
    world = fakeWorld();
    world.testReports.reports.set(REPORT, { tests: 10, failures: 0, errors: 0, skipped: 0 });
  });

  afterEach(() => logs.restore());

  it('returns the evidence for a valid event', async () => {
    // Act
    const evidence = await handler()({ release: releaseOf({ change: { source: 'manual', kind: 'code', testReport: REPORT } }) }, lambdaContext());

    // Assess
    expect(evidence).toEqual({ source: 's3-junit', reference: REPORT, tests: 10, failures: 0, errors: 0, skipped: 0 });
  });

  it('fails with a named error naming the field', async () => {
    // Prepare
    const { codeSha256: _missing, ...release } = releaseOf();

    // Act
    const act = handler()({ release } as never, lambdaContext());

    // Assess
    await expect(act).rejects.toThrow(new InvalidReleaseInputError('invalid CheckUnitTests event: release.codeSha256: Invalid input: expected string, received undefined'));
  });

  it('lets a refusal through under its own name, and logs it', async () => {
    // Act
    await expect(handler()({ release: releaseOf() }, lambdaContext())).rejects.toBeInstanceOf(MissingTestEvidenceError);

    // Assess
    expect(logs.lines()).toEqual([expect.objectContaining({ message: 'CheckUnitTests failed', errorName: 'MissingTestEvidenceError' })]);
  });
});
