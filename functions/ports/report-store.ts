/** The reports bucket: eval shard results, gate reports and release records (AWS: S3). */
export interface ReportStore {
  putJson(key: string, value: unknown): Promise<void>;
  putText(key: string, text: string, contentType: string): Promise<void>;
  getJson<T = unknown>(key: string): Promise<T>;
}
