/**
 * Release notifications on the local stage: kept (notifications.json, the newest ones) for the CLI, and handed to
 * `onNotify`, through which the stage prints them. The message goes through JSON, as it does through SNS.
 */
import type { Notifier } from '../../../functions/ports/notifier';
import type { JsonFile } from './json-file';

export interface LocalNotification {
  readonly subject: string;
  readonly message: Readonly<Record<string, unknown>>;
}

export interface NotificationsDocument {
  notifications: LocalNotification[];
}

export const emptyNotifications = (): NotificationsDocument => ({ notifications: [] });

const KEPT = 100;

/**
 * @example
 * const notifier = new LocalNotifier(new JsonFile('.evalgate/notifications.json', emptyNotifications()), (subject) => console.log(subject));
 * await notifier.notify('evalgate: assistant version 6 promoted', record);
 * notifier.messages.at(-1)?.subject; // 'evalgate: assistant version 6 promoted'
 */
export class LocalNotifier implements Notifier {
  constructor(
    private readonly file: JsonFile<NotificationsDocument>,
    private readonly onNotify?: (notification: LocalNotification) => void,
  ) {}

  /** The kept notifications, oldest first. */
  get messages(): readonly LocalNotification[] {
    return this.file.read().notifications;
  }

  async notify(subject: string, message: Readonly<Record<string, unknown>>): Promise<void> {
    const notification: LocalNotification = { subject, message: JSON.parse(JSON.stringify(message)) as Record<string, unknown> };
    this.file.update((doc) => {
      doc.notifications = [...doc.notifications, notification].slice(-KEPT);
    });
    this.onNotify?.(notification);
  }
}
