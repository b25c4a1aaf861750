import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { JsonFile } from '../../../../lib/local-stage/services/json-file';
import { emptyNotifications, LocalNotifier } from '../../../../lib/local-stage/services/notifier';
import { LocalReportStore } from '../../../../lib/local-stage/services/report-store';
import { LocalTestReportSource } from '../../../../lib/local-stage/services/test-report-source';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

describe('LocalReportStore', () => {
  it('keeps objects as files under its folder', async () => {
    const dir = tempDir();
    const reports = new LocalReportStore(join(dir, 'reports'));

    await reports.putJson('releases/r-1/shards/quality-0.json', { cases: 3 });
    await reports.putText('releases/r-1/gate.md', '# Gate', 'text/markdown');

    expect(await new LocalReportStore(join(dir, 'reports')).getJson('releases/r-1/shards/quality-0.json')).toEqual({ cases: 3 });
    expect(readFileSync(join(dir, 'reports', 'releases', 'r-1', 'gate.md'), 'utf8')).toBe('# Gate');
  });

  it('fails when the object does not exist, naming the file', async () => {
    const dir = tempDir();

    await expect(new LocalReportStore(dir).getJson('missing.json')).rejects.toMatchObject({ name: 'ReportNotFoundError', message: `${join(dir, 'missing.json')} does not exist` });
  });

  it.each([['../escape.json'], ['releases/../../escape.json'], ['/etc/passwd'], ['releases//r-1.json'], ['']])('refuses the key %j', async (key) => {
    const reports = new LocalReportStore(tempDir());

    await expect(reports.putJson(key, {})).rejects.toMatchObject({ name: 'UnsafePathError' });
    await expect(reports.getJson(key)).rejects.toMatchObject({ name: 'UnsafePathError' });
  });
});

describe('LocalTestReportSource', () => {
  it('reads s3://bucket/key from <root>/s3/bucket/key as JUnit XML', async () => {
    const root = tempDir();
    mkdirSync(join(root, 's3', 'ci-reports', 'junit'), { recursive: true });
    writeFileSync(join(root, 's3', 'ci-reports', 'junit', 'abc.xml'), '<testsuite><testcase name="a"/><testcase name="b"><failure/></testcase></testsuite>');

    expect(await new LocalTestReportSource(root).read('s3://ci-reports/junit/abc.xml')).toEqual({ tests: 2, failures: 1, errors: 0, skipped: 0 });
  });

  it('fails with missing test evidence when the file does not exist, naming it', async () => {
    const root = tempDir();

    await expect(new LocalTestReportSource(root).read('s3://ci-reports/junit/none.xml')).rejects.toMatchObject({
      name: 'MissingTestEvidenceError',
      message: `test report s3://ci-reports/junit/none.xml: ${join(root, 's3', 'ci-reports', 'junit', 'none.xml')} does not exist`,
    });
  });

  it.each([
    ['not JUnit XML', 's3://ci-reports/report.xml', 'not a JUnit report'],
    ['a CodeBuild report', 'arn:aws:codebuild:eu-west-1:123456789012:report/group:1', 'the local stage reads no CodeBuild reports'],
    ['outside the folder', 's3://ci-reports/../../secret.xml', "without empty or '..' segments"],
  ])('fails with missing test evidence when the report is %s', async (_case, reference, message) => {
    const root = tempDir();
    mkdirSync(join(root, 's3', 'ci-reports'), { recursive: true });
    writeFileSync(join(root, 's3', 'ci-reports', 'report.xml'), '<html></html>');

    await expect(new LocalTestReportSource(root).read(reference)).rejects.toMatchObject({ name: 'MissingTestEvidenceError', message: expect.stringContaining(message) });
  });
});

describe('LocalNotifier', () => {
  it('keeps notifications across instances and hands each to onNotify', async () => {
    // Prepare
    const path = join(tempDir(), 'notifications.json');
    const onNotify = vi.fn();
    const notifier = new LocalNotifier(new JsonFile(path, emptyNotifications()), onNotify);

    // Act
    await notifier.notify('evalgate: assistant version 6 promoted', { outcome: 'promoted', skipped: undefined });

    // Assess
    const kept = { subject: 'evalgate: assistant version 6 promoted', message: { outcome: 'promoted' } };
    expect(onNotify).toHaveBeenCalledWith(kept);
    expect(notifier.messages).toEqual([kept]);
    expect(new LocalNotifier(new JsonFile(path, emptyNotifications())).messages).toEqual([kept]);
  });

  it('keeps the newest 100', async () => {
    const notifier = new LocalNotifier(new JsonFile(join(tempDir(), 'notifications.json'), emptyNotifications()));

    for (let i = 1; i <= 105; i += 1) await notifier.notify(`n${i}`, {});

    expect(notifier.messages).toHaveLength(100);
    expect(notifier.messages[0]!.subject).toBe('n6');
  });
});
