/**
 * codebuild-project-no-plaintext-secrets
 *
 * A PLAINTEXT environment variable or a source URL is stored in the project definition: anyone
 * with codebuild:BatchGetProjects, the console, and AWS Config's history (kept for years) can read
 * it. Credentials belong in Secrets Manager or Parameter Store (variable types SECRETS_MANAGER /
 * PARAMETER_STORE) and source credentials in CodeBuild source credentials or a connection.
 *
 * What counts as a credential in a PLAINTEXT variable with a non-empty value:
 *  - the name is AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or AWS_SESSION_TOKEN (case-insensitive);
 *  - the value contains an AWS access key id (AKIA/ASIA + 16 upper-case letters or digits, not part
 *    of a longer such run);
 *  - the value is a URL with credentials (see below);
 *  - the whole value has the shape of an AWS secret access key (40 of [A-Za-z0-9/+] with upper
 *    case, lower case and a digit, so 40-hex git SHAs do not match) and either the name says
 *    access key / aws key, or another PLAINTEXT variable of the project holds an access key id;
 *  - the name says token, password / passwd / pwd / passphrase, secret, private key, API key or
 *    credential. Names are split into words on `_`, `-`, `.`, other non-alphanumerics and camelCase
 *    (`apiKey`, `APIKey`), compared case-insensitively, plurals included. A word that ends in one of
 *    those (`GITHUBTOKEN`, `dbpassword`) counts too; a word that only starts with one does not
 *    (`TOKENIZERS_PARALLELISM`).
 *
 * Decisions (docs/rule-semantics.md is silent), to avoid obvious false positives:
 *  - A name whose last word qualifies the secret rather than holding it is not a credential name:
 *    url, uri, endpoint, host, arn, id, name, path, file, dir, region, type, header, policy, mode,
 *    scope, format, version, enabled, disabled, ttl, expiry, expiration, expires, lifetime,
 *    duration, timeout, length, limit, count, size. So TOKEN_URL (an OAuth endpoint), SECRET_NAME,
 *    SECRET_ID, PRIVATE_KEY_PATH and PASSWORD_MIN_LENGTH are fine, while URL_TOKEN is not.
 *    Values are still checked for access key ids and URL credentials whatever the name.
 *  - PWD and OLDPWD are the shell's working-directory variables, not passwords.
 *  - A value that is an ARN (`arn:...`, e.g. SECRET_ARN) is a reference to where a secret lives, a
 *    boolean literal (true/false/yes/no/on/off) is a setting, and a lone `$VAR` / `${VAR}` refers to
 *    another variable: none is a credential by name.
 *  - Only PARAMETER_STORE and SECRETS_MANAGER (case-insensitive) are references; any other type,
 *    including an empty or unknown one, is treated as PLAINTEXT (CodeBuild's default).
 *  - URL credentials: a non-empty password in the userinfo (`scheme://user:secret@host`, any
 *    scheme), or any userinfo in an http(s) URL (`https://token@host`: a bare token cannot be told
 *    apart from a user name, so a Bitbucket-style `https://user@bitbucket.org/...` is reported too).
 *    `ssh://git@host` is a user name, not a credential. Userinfo parts that are only `$VAR` / `${VAR}`
 *    placeholders are not credentials.
 *  - The annotation names variables (`DB_PASSWORD (password)`) and sources (`primary source` /
 *    `secondary source <sourceIdentifier>`), never any part of a value or of a location.
 *  - An inline buildspec's `env.variables` (any source's, docs/rule-semantics.md "What a build
 *    fetches") are plaintext too, judged like PLAINTEXT project variables and together with them
 *    (an access key id in one makes a secret-key-shaped value in the other a credential). Its
 *    `env.parameter-store` and `env.secrets-manager` are references, the right way. They are
 *    named `<source> buildspec env.variables.<NAME> (<reason>)`.
 *  - An inline buildspec that cannot be read is NON_COMPLIANT (its variables cannot be checked),
 *    naming the source and the YAML error; a buildspec file or S3 object is not visible here.
 *
 * Scenarios:
 *  - Given a project without environment variables and a plain CodeCommit source, then COMPLIANT.
 *  - Given a PLAINTEXT variable named like an AWS credential, then NON_COMPLIANT naming the variable.
 *  - Given a variable whose value holds an AWS access key id, then NON_COMPLIANT naming the variable.
 *  - Given a 40-character secret-key value next to an access key name, then NON_COMPLIANT naming
 *    both variables.
 *  - Given a 40-character secret-key value or a git SHA without any access key name, then COMPLIANT.
 *  - Given credential-like names (token, password, passwd, pwd, secret, private key, API key,
 *    credential, camelCase and compound forms), then NON_COMPLIANT naming the variable and the word.
 *  - Given names that only resemble credentials (TOKENIZERS_PARALLELISM, PWD, TOKEN_URL,
 *    SECRET_NAME, PRIVATE_KEY_PATH, PASSWORD_MIN_LENGTH), then COMPLIANT.
 *  - Given SECRET_ARN with an arn: value, a boolean or a $VAR reference, then COMPLIANT.
 *  - Given a credential name with an empty or blank value, then COMPLIANT.
 *  - Given credential values in PARAMETER_STORE and SECRETS_MANAGER variables, then COMPLIANT.
 *  - Given a credential in a variable of empty or unknown type, then NON_COMPLIANT (treated as PLAINTEXT).
 *  - Given a variable whose value is a URL with user and password, then NON_COMPLIANT naming the variable.
 *  - Given a source location with user:token@ or token@ userinfo, then NON_COMPLIANT naming the source.
 *  - Given source locations without credentials (ssh user, $VAR placeholders, S3, empty), then COMPLIANT.
 *  - Given several findings, then the annotation lists them within 256 characters and never contains
 *    any part of a secret value or location.
 *  - Given an inline buildspec with a password in env.variables, then NON_COMPLIANT naming the
 *    source and the variable, never the value.
 *  - Given a secret-key-shaped buildspec variable next to a project variable holding an access key
 *    id, then NON_COMPLIANT naming both.
 *  - Given an inline buildspec using parameter-store and secrets-manager, or plain settings, then COMPLIANT.
 *  - Given an unparsable inline buildspec, then NON_COMPLIANT naming the source and the YAML error.
 */
import { cutName, fitList } from '../lib/engine/annotation';
import { compliant, defineRule, nonCompliant } from '../lib/engine/rule';
import type { CodeBuildEnvironmentVariable, CodeBuildSource } from '../lib/resources/model';

const REFERENCE_TYPES = new Set(['PARAMETER_STORE', 'SECRETS_MANAGER']);
const AWS_CREDENTIAL_NAMES = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);
const SHELL_NAMES = new Set(['PWD', 'OLDPWD']);
const ACCESS_KEY_ID = /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/;
const SECRET_KEY_SHAPE = /^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)[A-Za-z0-9/+]{40}$/;
const BOOLEAN = /^(?:true|false|yes|no|on|off)$/i;
const PLACEHOLDER = /^\$(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/;
// Anchored at a scheme's first character and bounded, so long values cannot backtrack quadratically.
const URL_USERINFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}):\/\/([^\s/?#]{1,1024})@/gi;

/** Name words that hold a credential, and what the annotation calls them. */
const SECRET_WORDS: Readonly<Record<string, string>> = {
  token: 'token',
  tokens: 'token',
  password: 'password',
  passwords: 'password',
  passwd: 'password',
  pwd: 'password',
  passphrase: 'passphrase',
  secret: 'secret',
  secrets: 'secret',
  credential: 'credential',
  credentials: 'credential',
  apikey: 'API key',
  apikeys: 'API key',
  privatekey: 'private key',
  privatekeys: 'private key',
};
/** Endings that make a compound word a credential word (`githubtoken`); `pwd` is too short to trust. */
const SECRET_SUFFIXES = Object.keys(SECRET_WORDS).filter((word) => word !== 'pwd');
const SECRET_PAIRS: readonly (readonly [string, string, string])[] = [
  ['private', 'key', 'private key'],
  ['private', 'keys', 'private key'],
  ['api', 'key', 'API key'],
  ['api', 'keys', 'API key'],
];
/** A last word that describes the secret (where it is, how long it lives) instead of holding it. */
const QUALIFIERS = new Set([
  'url',
  'uri',
  'endpoint',
  'host',
  'arn',
  'id',
  'name',
  'path',
  'file',
  'dir',
  'region',
  'type',
  'header',
  'policy',
  'mode',
  'scope',
  'format',
  'version',
  'enabled',
  'disabled',
  'ttl',
  'expiry',
  'expiration',
  'expires',
  'lifetime',
  'duration',
  'timeout',
  'length',
  'limit',
  'count',
  'size',
]);

/** `DB_PASSWORD` -> [db, password]; `githubApiKey` -> [github, api, key]; `APIKey` -> [api, key]. */
function wordsOf(name: string): string[] {
  return name
    .split(/[^A-Za-z0-9]+/)
    .flatMap((part) => part.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? [])
    .map((word) => word.toLowerCase());
}

/** What the name says the variable holds (`password`, `API key`, ...), or undefined. */
function credentialWordOf(name: string): string | undefined {
  if (SHELL_NAMES.has(name.trim().toUpperCase())) return undefined;
  const words = wordsOf(name);
  const last = words.at(-1);
  if (last === undefined || QUALIFIERS.has(last)) return undefined;
  for (const [index, word] of words.entries()) {
    const next = words[index + 1];
    const pair = SECRET_PAIRS.find(([first, second]) => first === word && second === next);
    if (pair) return pair[2];
    const exact = SECRET_WORDS[word];
    if (exact !== undefined) return exact;
    const suffix = SECRET_SUFFIXES.find((ending) => word.length > ending.length && word.endsWith(ending));
    if (suffix !== undefined) return SECRET_WORDS[suffix];
  }
  return undefined;
}

function says(words: readonly string[], first: string, second: string): boolean {
  return words.some((word, index) => word === first && words[index + 1] === second);
}

/** A password in any URL's userinfo, or any userinfo in an http(s) URL; placeholders excepted. */
function hasUrlCredentials(text: string): boolean {
  for (const match of text.matchAll(URL_USERINFO)) {
    const scheme = (match[1] ?? '').toLowerCase();
    const userinfo = match[2] ?? '';
    const colon = userinfo.indexOf(':');
    const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    const password = colon < 0 ? '' : userinfo.slice(colon + 1);
    if (password !== '') {
      if (!PLACEHOLDER.test(password)) return true;
    } else if ((scheme === 'http' || scheme === 'https') && user !== '' && !PLACEHOLDER.test(user)) {
      return true;
    }
  }
  return false;
}

/** Values that are references or settings, never a credential by name. */
function isNotASecret(value: string): boolean {
  return value.startsWith('arn:') || BOOLEAN.test(value) || PLACEHOLDER.test(value);
}

function holdsAccessKeyId(variable: CodeBuildEnvironmentVariable): boolean {
  const words = wordsOf(variable.name);
  return (
    ACCESS_KEY_ID.test(variable.value) ||
    (variable.value.trim() !== '' &&
      (variable.name.trim().toUpperCase() === 'AWS_ACCESS_KEY_ID' ||
        (says(words, 'access', 'key') && words.includes('id'))))
  );
}

/** Why a PLAINTEXT variable holds a credential, or undefined. */
function reasonFor(variable: CodeBuildEnvironmentVariable, nextToAccessKeyId: boolean): string | undefined {
  const value = variable.value.trim();
  if (value === '') return undefined;
  if (AWS_CREDENTIAL_NAMES.has(variable.name.trim().toUpperCase()) && !isNotASecret(value)) {
    return 'AWS credential';
  }
  if (ACCESS_KEY_ID.test(value)) return 'AWS access key id in value';
  if (hasUrlCredentials(value)) return 'URL with credentials in value';
  const words = wordsOf(variable.name);
  const namedLikeKey = says(words, 'access', 'key') || says(words, 'aws', 'key');
  if (SECRET_KEY_SHAPE.test(value) && (namedLikeKey || nextToAccessKeyId)) return 'AWS secret key in value';
  if (isNotASecret(value)) return undefined;
  const word = credentialWordOf(variable.name);
  return word;
}

function sourceName(source: CodeBuildSource, index: number): string {
  return source.primary
    ? 'primary source'
    : `secondary source ${source.sourceIdentifier?.trim() || `#${index}`}`;
}

export default defineRule({
  id: 'codebuild-project-no-plaintext-secrets',
  title: 'CodeBuild project keeps no credentials in plaintext',
  severity: 'critical',
  resourceTypes: ['AWS::CodeBuild::Project'],
  rationale:
    'PLAINTEXT environment variables and source URLs are part of the project definition: anyone who can ' +
    'read the project (BatchGetProjects, the console, AWS Config history) can read the credential.',
  equivalent:
    'codebuild-project-envvar-awscred-check (Security Hub CodeBuild.2) and codebuild-project-source-repo-url-check (CodeBuild.1)',
  remediation:
    'Rotate the exposed credential first, then store it in Secrets Manager or Parameter Store and reference it: ' +
    'console Edit > Environment > Additional configuration > Environment variables, Type "Secrets Manager" or ' +
    '"Parameter", or aws codebuild update-project --name <project> --environment ' +
    "'...,environmentVariables=[{name=<NAME>,value=<secret-arn>,type=SECRETS_MANAGER}]'. For source URLs, remove " +
    'the userinfo and use aws codebuild import-source-credentials or a CodeConnections connection.',
  parameters: {},
  evaluate(project) {
    const plaintext = project.environment.variables.filter(
      (variable) => !REFERENCE_TYPES.has(variable.type.trim().toUpperCase()),
    );
    // Sources first: they are few, and must not hide behind a long list of variables.
    const findings: string[] = [];
    let secondaryIndex = 0;
    for (const source of project.sources) {
      if (!source.primary) secondaryIndex++;
      if (source.location !== undefined && hasUrlCredentials(source.location)) {
        findings.push(`${sourceName(source, secondaryIndex)} location (credentials in URL)`);
      }
    }
    // Inline buildspec variables are plaintext whatever they say; named after their source.
    const unreadable: string[] = [];
    const candidates: { label: string; variable: CodeBuildEnvironmentVariable }[] = plaintext.map(
      (variable) => ({ label: variable.name, variable }),
    );
    secondaryIndex = 0;
    for (const source of project.sources) {
      if (!source.primary) secondaryIndex++;
      const buildspec = source.buildspec;
      if (buildspec?.kind === 'unparsable') {
        unreadable.push(`${sourceName(source, secondaryIndex)} buildspec unparsable (${buildspec.reason})`);
      } else if (buildspec?.kind === 'inline') {
        for (const { name, value } of buildspec.variables) {
          candidates.push({
            label: `${sourceName(source, secondaryIndex)} buildspec env.variables.${name}`,
            variable: { name, type: 'PLAINTEXT', value },
          });
        }
      }
    }
    for (const { label, variable } of candidates) {
      const nextToAccessKeyId = candidates.some(
        (other) => other.variable !== variable && holdsAccessKeyId(other.variable),
      );
      const reason = reasonFor(variable, nextToAccessKeyId);
      if (reason !== undefined) findings.push(`${label} (${reason})`);
    }
    if (findings.length > 0) {
      return nonCompliant(
        fitList(`project ${cutName(project.name)} has credentials in plaintext: `, [
          ...findings,
          ...unreadable,
        ]),
      );
    }
    if (unreadable.length > 0) {
      return nonCompliant(
        fitList(`project ${cutName(project.name)} cannot be checked for plaintext credentials: `, unreadable),
      );
    }
    return compliant();
  },
});
