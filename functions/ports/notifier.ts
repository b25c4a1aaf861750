/** Release notifications (AWS: SNS; local stage: printed and kept). */
export interface Notifier {
  notify(subject: string, message: Readonly<Record<string, unknown>>): Promise<void>;
}
