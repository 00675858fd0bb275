/**
 * Where the Slack webhook URL lives: a Secrets Manager secret (env PPGUARD_SLACK_SECRET_ARN) or an
 * SSM SecureString parameter (env PPGUARD_SLACK_PARAMETER), never an environment variable itself.
 * It is read through Powertools Parameters on the first delivery of a container and cached, so a
 * rotated URL is picked up within `maxAgeSeconds`. The value may be the URL itself or a JSON object
 * with a `url` (or `webhookUrl`) key. Errors name the secret or parameter, never the value.
 */
import type { ClientOptions } from '../aws/clients';
import { createSecretsManagerClient, createSsmClient } from '../aws/clients';

export class SlackConfigError extends Error {
  override name = 'SlackConfigError';
}

export type WebhookSource = { kind: 'secret'; id: string } | { kind: 'parameter'; name: string };

export const WEBHOOK_CACHE_SECONDS = 900;

export function webhookSourceFromEnv(env: Readonly<Record<string, string | undefined>>): WebhookSource {
  const secret = env.PPGUARD_SLACK_SECRET_ARN?.trim() ?? '';
  const parameter = env.PPGUARD_SLACK_PARAMETER?.trim() ?? '';
  if (secret !== '' && parameter !== '') {
    throw new SlackConfigError('set only one of PPGUARD_SLACK_SECRET_ARN and PPGUARD_SLACK_PARAMETER');
  }
  if (secret !== '') return { kind: 'secret', id: secret };
  if (parameter !== '') return { kind: 'parameter', name: parameter };
  throw new SlackConfigError(
    'set PPGUARD_SLACK_SECRET_ARN (Secrets Manager) or PPGUARD_SLACK_PARAMETER (SSM SecureString)',
  );
}

const describeSource = (source: WebhookSource) =>
  source.kind === 'secret' ? `secret ${source.id}` : `parameter ${source.name}`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The webhook URL in a secret's or parameter's value; https only (http only on loopback, for tests). */
export function webhookUrlFrom(value: unknown, source: WebhookSource): string {
  const where = describeSource(source);
  const raw = value instanceof Uint8Array ? new TextDecoder().decode(value) : value;
  if (typeof raw !== 'string' || raw.trim() === '') throw new SlackConfigError(`${where} is empty`);
  let text = raw.trim();
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SlackConfigError(`${where} holds invalid JSON`);
    }
    const object = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
    const url = object.url ?? object.webhookUrl;
    if (typeof url !== 'string') throw new SlackConfigError(`${where} holds JSON without a "url" string`);
    text = url.trim();
  }
  return checkedWebhookUrl(text, where);
}

/**
 * The webhook URL, parsed and checked: https (http only on loopback, for tests) and no userinfo
 * (`user:password@`, which fetch refuses to send and which would put a second secret in the URL).
 * A URL that fails is a configuration error, not a delivery failure to retry; the error names
 * `where` (the secret or parameter), never the URL.
 */
export function checkedWebhookUrl(text: string, where: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SlackConfigError(`${where} does not hold a URL`);
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!secure) throw new SlackConfigError(`${where} does not hold an https URL`);
  if (url.username !== '' || url.password !== '') {
    throw new SlackConfigError(`${where} holds a URL with credentials (user:password@); remove them`);
  }
  return url.href;
}

/** Reads the URL through Powertools Parameters (cached per container); the provider is built once. */
export function createWebhookUrlReader(
  source: WebhookSource,
  clientOptions: ClientOptions = {},
  maxAgeSeconds = WEBHOOK_CACHE_SECONDS,
): () => Promise<string> {
  let read: (() => Promise<unknown>) | undefined;
  const build = async (): Promise<() => Promise<unknown>> => {
    if (source.kind === 'secret') {
      const { SecretsProvider } = await import('@aws-lambda-powertools/parameters/secrets');
      const provider = new SecretsProvider({
        awsSdkV3Client: await createSecretsManagerClient(clientOptions),
      });
      return () => provider.get(source.id, { maxAge: maxAgeSeconds });
    }
    const { SSMProvider } = await import('@aws-lambda-powertools/parameters/ssm');
    const provider = new SSMProvider({ awsSdkV3Client: await createSsmClient(clientOptions) });
    return () => provider.get(source.name, { decrypt: true, maxAge: maxAgeSeconds });
  };
  return async () => {
    read ??= await build();
    return webhookUrlFrom(await read(), source);
  };
}
