/**
 * The suppression file for the evaluator Lambda: the text of an SSM parameter (String or
 * SecureString, decrypted), named by the deploy parameter suppressionsParameterName and given to
 * the function as PPGUARD_SUPPRESSIONS_PARAMETER. Read through Powertools Parameters, cached per
 * container for a short time, and parsed with the CLI's parser (lib/engine/suppressions.ts). Each
 * invocation gets its own use counts. A parameter that cannot be read or parsed fails the
 * invocation: suppressing nothing, or everything, on a file we cannot read would both be a guess.
 */
import { type ClientOptions, createSsmClient } from '../aws/clients';
import { parseSuppressions, Suppressions } from '../engine/suppressions';

/** How long a container reuses the parameter's text: edits take effect within this time. */
export const SUPPRESSIONS_CACHE_SECONDS = 60;

export class SuppressionsReadError extends Error {
  override name = 'SuppressionsReadError';
}

/** A reader of the parameter; each call returns fresh use counts over the (cached) entries. */
export function createSuppressionsReader(
  parameterName: string,
  clientOptions: ClientOptions = {},
  maxAgeSeconds = SUPPRESSIONS_CACHE_SECONDS,
): () => Promise<Suppressions> {
  let read: (() => Promise<unknown>) | undefined;
  const where = `SSM parameter ${parameterName}`;
  let parsed: { text: string; entries: ReturnType<typeof parseSuppressions> } | undefined;
  return async () => {
    if (!read) {
      const { SSMProvider } = await import('@aws-lambda-powertools/parameters/ssm');
      const provider = new SSMProvider({ awsSdkV3Client: await createSsmClient(clientOptions) });
      read = () => provider.get(parameterName, { decrypt: true, maxAge: maxAgeSeconds });
    }
    let text: unknown;
    try {
      text = await read();
    } catch (error) {
      throw new SuppressionsReadError(
        `cannot read the suppression file from ${where}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    if (typeof text !== 'string') throw new SuppressionsReadError(`${where} holds no text`);
    // Parsed again only when the text changed.
    if (parsed?.text !== text) parsed = { text, entries: parseSuppressions(text, where) };
    return new Suppressions(parsed.entries);
  };
}
