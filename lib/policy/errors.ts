/** The only errors lib/policy throws: a document IAM would not accept, or one too large to analyse. */

export class PolicyParseError extends Error {
  override name = 'PolicyParseError';
  constructor(readonly reason: string) {
    super(`policy is unparsable: ${reason}`);
  }
}

/** A document beyond AWS's size limit or nested deeper than any policy: unparsable, with the limit named. */
export class PolicyTooComplexError extends PolicyParseError {
  override name = 'PolicyTooComplexError';
}
