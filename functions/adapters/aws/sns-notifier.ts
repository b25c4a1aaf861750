/**
 * Release notifications on an SNS topic. The message is the JSON itself, indented, so an e-mail subscriber can
 * read it and a Lambda or SQS subscriber can parse it.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Notifier } from '../../ports/notifier';

const MAX_SUBJECT = 100;

/**
 * @example
 * const notifier = new SnsNotifier(new SNSClient({}), 'arn:aws:sns:eu-west-1:123456789012:evalgate');
 * await notifier.notify('evalgate: assistant version 8 promoted', record);
 */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async notify(subject: string, message: Readonly<Record<string, unknown>>): Promise<void> {
    await this.client.send(new PublishCommand({ TopicArn: this.topicArn, Subject: snsSubject(subject), Message: JSON.stringify(message, null, 2) }));
  }
}

/**
 * SNS rejects subjects that are not printable ASCII on one line or longer than 100 characters: the notification
 * matters more than its subject, so the subject is made to fit.
 *
 * @example
 * snsSubject('évalgate:\nrolled back'); // '?valgate: rolled back'
 */
export function snsSubject(subject: string): string {
  const ascii = subject
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  if (ascii.length === 0) return 'evalgate';
  return ascii.length <= MAX_SUBJECT ? ascii : `${ascii.slice(0, MAX_SUBJECT - 3)}...`;
}
