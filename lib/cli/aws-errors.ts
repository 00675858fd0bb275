/**
 * Turns what an AWS call threw into a report error a person can act on: which Region, service,
 * operation and (for AccessDenied) which IAM permission, and a hint for credentials, network and
 * emulator failures. Errors are reported, never turned into verdicts.
 */

/** One thing that could not be evaluated or checked (the JSON report's `errors`). */
export interface ReportError {
  region?: string;
  /** The AWS service, as in IAM actions: codebuild, ecr, ec2, config, sns, sts. */
  service?: string;
  operation?: string;
  /** The IAM action that was denied (AccessDenied only). */
  permission?: string;
  /** The AWS error code (AccessDeniedException, ...), a network code (ECONNREFUSED) or RuleEvaluationError. */
  code: string;
  message: string;
  /** Rules that could not be evaluated because of it. */
  rules?: string[];
  /** The resource a rule failed on (RuleEvaluationError). */
  resourceId?: string;
}

export type ErrorKind = 'access-denied' | 'credentials' | 'network' | 'emulator' | 'other';

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'AuthorizationErrorException',
  'Client.UnauthorizedOperation',
]);
const CREDENTIALS = new Set([
  'CredentialsProviderError',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'TokenRefreshRequired',
]);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'TimeoutError',
]);

/** `... is not authorized to perform: codebuild:ListProjects on resource ...` */
const DENIED_ACTION = /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9]+)/;

export interface DescribedError {
  kind: ErrorKind;
  code: string;
  message: string;
  operation?: string;
  permission?: string;
}

function codeOf(error: unknown): string {
  if (error === null || typeof error !== 'object') return 'Error';
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && NETWORK.has(code)) return code;
  if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
  if (typeof code === 'string' && code !== '') return code;
  return 'Error';
}

function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Classifies an error thrown by the AWS SDK (or the network under it). */
export function describeAwsError(error: unknown): DescribedError {
  const code = codeOf(error);
  const raw = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim() ?? '';
  if (ACCESS_DENIED.has(code)) {
    const permission = DENIED_ACTION.exec(raw)?.[1];
    return {
      kind: 'access-denied',
      code,
      message: raw || 'access denied',
      ...(permission ? { permission, operation: permission.split(':')[1] ?? permission } : {}),
    };
  }
  if (CREDENTIALS.has(code) || /could not load credentials/i.test(raw)) {
    return {
      kind: 'credentials',
      code,
      message: `${raw}: check the credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, aws sso login)`,
    };
  }
  if (NETWORK.has(code)) {
    const hint =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? ' (is the Region name right, and is the network reachable?)'
        : ' (is the endpoint reachable? AWS_ENDPOINT_URL, proxy, network)';
    return { kind: 'network', code, message: `could not reach the service: ${raw}${hint}` };
  }
  const status = httpStatusOf(error);
  if (code === 'SyntaxError' || /Deserialization error|XML parse error|is not valid JSON/.test(raw)) {
    return {
      kind: 'emulator',
      code: status === undefined ? 'UnexpectedResponse' : `HTTP${status}`,
      message: `the endpoint answered${status === undefined ? '' : ` HTTP ${status}`} with something that is not an AWS API response (an emulator without this operation?)`,
    };
  }
  return { kind: 'other', code, message: raw || code };
}

/** One line for stderr: `eu-west-1 codebuild ListProjects: AccessDeniedException: ... (rules: a, b)`. */
export function formatReportError(error: ReportError): string {
  const where = [error.region, error.service, error.operation].filter(Boolean).join(' ');
  const what = error.permission ? `${error.code} (missing permission ${error.permission})` : error.code;
  const rules = error.rules?.length ? ` [rules: ${error.rules.join(', ')}]` : '';
  const resource = error.resourceId ? ` [resource: ${error.resourceId}]` : '';
  return `${where ? `${where}: ` : ''}${what}: ${error.message}${resource}${rules}`;
}
