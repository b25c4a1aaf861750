import type { Notifier } from '../../../functions/ports/notifier';
import { Faults } from './faults';

/** Keeps every notification, its message in the JSON form SNS carries (test/contracts/notifier.contract.ts). */
export class FakeNotifier extends Faults<'notify'> implements Notifier {
  readonly messages: Array<{ readonly subject: string; readonly message: Readonly<Record<string, unknown>> }> = [];

  async notify(subject: string, message: Readonly<Record<string, unknown>>): Promise<void> {
    this.check('notify');
    this.messages.push({ subject, message: JSON.parse(JSON.stringify(message)) as Record<string, unknown> });
  }
}
