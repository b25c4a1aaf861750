import type { ReportStore } from '../../../functions/ports/report-store';
import { Faults } from './faults';

/** Objects by key, stored as text: a value that would not survive JSON (as in S3) does not survive here either. */
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
    return JSON.parse(this.text(key)) as T;
  }

  text(key: string): string {
    const object = this.objects.get(key);
    if (!object) throw new Error(`NoSuchKey: ${key}`);
    return object.body;
  }
}
