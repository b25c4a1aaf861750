import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockSdkClient } from '../../../helpers/sdk-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsNotifier, snsSubject } from '../../../../functions/adapters/aws/sns-notifier';

const sns = mockSdkClient(SNSClient);
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:evalgate';

describe('SnsNotifier', () => {
  beforeEach(() => sns.reset());

  it('publishes the message as indented JSON', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const message = { releaseId: 'r-1', outcome: 'promoted', reasons: ['gate passed'] };

    // Act
    await new SnsNotifier(new SNSClient({}), TOPIC).notify('evalgate: assistant version 8 promoted', message);

    // Assess
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input).toEqual({
      TopicArn: TOPIC,
      Subject: 'evalgate: assistant version 8 promoted',
      Message: JSON.stringify(message, null, 2),
    });
  });
});

describe('snsSubject', () => {
  it.each([
    ['evalgate: rolled back', 'evalgate: rolled back'],
    ['évalgate → rolled back', '?valgate ? rolled back'],
    ['line one\nline two\t end', 'line one line two end'],
    ['  \n ', 'evalgate'],
    ['x'.repeat(100), 'x'.repeat(100)],
    ['x'.repeat(101), `${'x'.repeat(97)}...`],
  ])('turns %j into %j', (subject, expected) => {
    expect(snsSubject(subject)).toBe(expected);
  });
});
