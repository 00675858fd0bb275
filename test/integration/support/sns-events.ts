/** The SNS -> Lambda event AWS delivers for a topic message (read in the tests through an SQS subscription). */

/** The SNS envelope an SQS subscription receives (raw delivery off), as far as the event needs it. */
export interface SnsEnvelope {
  Type?: unknown;
  MessageId?: unknown;
  TopicArn?: unknown;
  Subject?: unknown;
  Message?: unknown;
  Timestamp?: unknown;
  SignatureVersion?: unknown;
  Signature?: unknown;
  SigningCertURL?: unknown;
  UnsubscribeURL?: unknown;
  MessageAttributes?: unknown;
}

export function snsLambdaEvent(envelope: SnsEnvelope, topicArn = String(envelope.TopicArn)) {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:0b5c2f4e-0000-0000-0000-000000000000`,
        Sns: {
          Type: envelope.Type,
          MessageId: envelope.MessageId,
          TopicArn: envelope.TopicArn,
          Subject: envelope.Subject,
          Message: envelope.Message,
          Timestamp: envelope.Timestamp,
          SignatureVersion: envelope.SignatureVersion,
          Signature: envelope.Signature,
          SigningCertUrl: envelope.SigningCertURL,
          UnsubscribeUrl: envelope.UnsubscribeURL,
          MessageAttributes: envelope.MessageAttributes,
        },
      },
    ],
  };
}
