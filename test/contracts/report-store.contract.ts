/**
 * What every ReportStore does (functions/ports/report-store.ts): run by report-store.test.ts against the fake, the
 * local stage's folder and the S3 store over s3rver. The S3 store over an implementation of the S3 API is the
 * reference: where another one disagrees, that one is wrong.
 *
 * Keys are those a release writes (`releases/<id>/...`): relative, `/`-separated, no empty or `..` segments. S3
 * takes any key; the local stage refuses those that would leave its folder, and it cannot keep both `a` and `a/b`
 * (a file and a folder): a release never writes such keys.
 */
import { describe, expect, it } from 'vitest';
import type { ReportStore } from '../../functions/ports/report-store';

export interface ReportStoreSubject {
  readonly store: ReportStore;
  /**
   * The stored object as the bucket holds it, to check what the port cannot read back: text, and the content
   * type where the store keeps one (the local stage keeps files, whose extension says what they are).
   */
  read(key: string): Promise<{ readonly text: string; readonly contentType?: string }>;
}

/** A new, empty store. */
export type ReportStoreFactory = () => ReportStoreSubject | Promise<ReportStoreSubject>;

/**
 * @example
 * reportStoreContract('FakeReportStore', () => { const store = new FakeReportStore(); return { store, read: ... }; });
 */
export function reportStoreContract(name: string, create: ReportStoreFactory, options: { readonly keepsContentType: boolean }): void {
  describe(`ReportStore contract: ${name}`, () => {
    it('reads JSON back in its JSON form', async () => {
      const { store } = await create();
      const results = { suite: 'quality', index: 0, passRate: 0.95, cases: [{ id: 'c-1', passed: true, error: undefined }], at: new Date('2025-01-10T10:00:00Z') };

      await store.putJson('releases/r-1/shards/quality-0.json', results);

      expect(await store.getJson('releases/r-1/shards/quality-0.json')).toStrictEqual(JSON.parse(JSON.stringify(results)));
    });

    it('stores JSON as application/json text', async () => {
      const { store, read } = await create();

      await store.putJson('releases/r-1/gate.json', { decision: 'pass' });

      expect(await read('releases/r-1/gate.json')).toEqual({ text: '{"decision":"pass"}', ...(options.keepsContentType ? { contentType: 'application/json' } : {}) });
    });

    it('stores text as UTF-8, character for character, with its content type', async () => {
      const { store, read } = await create();
      const markdown = '# Gate: PASS ✓\n\n| suite | pass rate |\n|---|---|\n| qualité | 95 % |\n';

      await store.putText('releases/r-1/summary.md', markdown, 'text/markdown; charset=utf-8');

      expect(await read('releases/r-1/summary.md')).toEqual({ text: markdown, ...(options.keepsContentType ? { contentType: 'text/markdown; charset=utf-8' } : {}) });
    });

    it('reads text that is JSON as JSON', async () => {
      const { store } = await create();

      await store.putText('releases/r-1/record.json', '{"outcome":"promoted"}', 'application/json');

      expect(await store.getJson('releases/r-1/record.json')).toEqual({ outcome: 'promoted' });
    });

    it('replaces an object written again', async () => {
      const { store, read } = await create();
      await store.putJson('releases/r-1/record.json', { outcome: 'failed', reasons: ['a long first reason'] });

      await store.putJson('releases/r-1/record.json', { outcome: 'promoted' });

      expect(await store.getJson('releases/r-1/record.json')).toStrictEqual({ outcome: 'promoted' });
      expect((await read('releases/r-1/record.json')).text).toBe('{"outcome":"promoted"}');
    });

    it('keeps keys with slashes apart', async () => {
      const { store } = await create();
      const keys = ['releases/r-1/report.json', 'releases/r-1/shards/report.json', 'releases/r-2/report.json', 'report.json'];

      for (const key of keys) await store.putJson(key, { key });

      expect(await Promise.all(keys.map((key) => store.getJson(key)))).toEqual(keys.map((key) => ({ key })));
    });

    // The S3 store's ReportNotFoundError: what the test report source turns into missing test evidence.
    it.each([['releases/r-1/missing.json'], ['releases/r-9/shards/quality-0.json']])('fails with ReportNotFoundError naming %s when it does not exist', async (key) => {
      const { store } = await create();
      await store.putJson('releases/r-1/report.json', {});

      await expect(store.getJson(key)).rejects.toMatchObject({ name: 'ReportNotFoundError', message: expect.stringContaining(key) });
    });

    it('fails naming the object when it is not JSON', async () => {
      const { store } = await create();
      await store.putText('releases/r-1/summary.md', '# Gate', 'text/markdown');

      await expect(store.getJson('releases/r-1/summary.md')).rejects.toThrow(/releases\/r-1\/summary\.md is not JSON/);
    });
  });
}
