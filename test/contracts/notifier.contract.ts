/**
 * What every Notifier does (functions/ports/notifier.ts): run by notifier.test.ts against the fake and the local
 * stage's notifications. No implementation of the SNS API is at hand; what the SNS notifier sends is its message
 * as JSON text (functions/adapters/aws/sns-notifier.ts), so a subscriber receives the message's JSON form.
 */
import { describe, expect, it } from 'vitest';
import type { Notifier } from '../../functions/ports/notifier';

export interface NotifierSubject {
  readonly notifier: Notifier;
  /** What subscribers received, oldest first. */
  delivered(): ReadonlyArray<{ readonly subject: string; readonly message: Readonly<Record<string, unknown>> }>;
}

/** A notifier nothing was sent through yet. */
export type NotifierFactory = () => NotifierSubject | Promise<NotifierSubject>;

/**
 * @example
 * notifierContract('FakeNotifier', () => { const notifier = new FakeNotifier(); return { notifier, delivered: () => notifier.messages }; });
 */
export function notifierContract(name: string, create: NotifierFactory): void {
  describe(`Notifier contract: ${name}`, () => {
    it('delivers each notification, in order, its message in JSON form', async () => {
      const { notifier, delivered } = await create();
      const record = { outcome: 'promoted', reasons: ['gate passed'], gate: undefined, endedAt: new Date('2025-01-10T10:30:00Z'), durationMs: 1800000 };

      await notifier.notify('evalgate: assistant version 6 promoted', record);
      await notifier.notify('evalgate: assistant version 7 blocked', { outcome: 'blocked' });

      expect(delivered()).toStrictEqual([
        { subject: 'evalgate: assistant version 6 promoted', message: JSON.parse(JSON.stringify(record)) },
        { subject: 'evalgate: assistant version 7 blocked', message: { outcome: 'blocked' } },
      ]);
    });

    it('keeps what it delivered apart from the message object, which the caller may change afterwards', async () => {
      const { notifier, delivered } = await create();
      const message = { outcome: 'promoted', reasons: ['gate passed'] };

      await notifier.notify('evalgate: assistant version 6 promoted', message);
      message.reasons.push('changed afterwards');

      expect(delivered()[0]?.message).toStrictEqual({ outcome: 'promoted', reasons: ['gate passed'] });
    });
  });
}
