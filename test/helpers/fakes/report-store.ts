import { ReportNotFoundError } from '../../../functions/adapters/aws/s3-report-store';
import type { ReportStore } from '../../../functions/ports/report-store';
import { Faults } from './faults';

/**
 * Objects by key, stored as text: a value that would not survive JSON (as in S3) does not survive here either. A
 * missing key and a body that is not JSON fail as they do with the S3 store (test/contracts/report-store.contract.ts).
 */
export class FakeReportStore extends Faults<'putJson' | 'putText' | 'getJson'> implements ReportStore {
  readonly objects = new Map<string, { readonly body: string; readonly contentType: string }>();

  async putJson(key: string, value: unknown): Promise<void> {
    this.check('putJson');
    this.objects.set(key, { body: JSON.stringify(value), contentType: 'application/json' });
  }

  async putText(key: string, text: string, contentType: string): Promise<void> {
    this.check('putText');
    this.objects.set(key, { body: text, contentType });
  }

  async getJson<T = unknown>(key: string): Promise<T> {
    this.check('getJson');
    const text = this.text(key);
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new Error(`${key} is not JSON`, { cause: error });
    }
  }

  text(key: string): string {
    const object = this.objects.get(key);
    if (!object) throw new ReportNotFoundError(`${key} does not exist`);
    return object.body;
  }
}
