import { describe, expect, it } from 'vitest';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import type { CodeBuildEnvironmentVariable, CodeBuildSource } from '../../../lib/resources/model';
import rule from '../../../rules/codebuild-project-no-plaintext-secrets';
import { codeBuildProject } from '../../fixtures/models';

const params = parseRuleParameters(rule, {});
const context = contextFor('123456789012', 'eu-west-1', params.common, new Date('2026-11-25T00:00:00Z'));

const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
/** `${NAME}`: a reference to another variable, not a value. */
const ref = (name: string) => `\${${name}}`;

const plaintext = (name: string, value: string): CodeBuildEnvironmentVariable => ({
  name,
  type: 'PLAINTEXT',
  value,
});
const withVariables = (...variables: CodeBuildEnvironmentVariable[]) =>
  codeBuildProject({
    name: 'app-build',
    environment: { ...codeBuildProject().environment, variables },
  });
const withSources = (...sources: CodeBuildSource[]) => codeBuildProject({ name: 'app-build', sources });

describe('codebuild-project-no-plaintext-secrets', () => {
  it('Given a project without environment variables and a plain CodeCommit source, then COMPLIANT', () => {
    // Prepare
    const project = codeBuildProject();

    // Act
    const verdict = rule.evaluate(project, context, params.own);

    // Assess
    expect(project.environment.variables).toEqual([]);
    expect(verdict).toEqual({ compliance: 'COMPLIANT' });
  });

  it.each(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'aws_secret_access_key'])(
    'Given a PLAINTEXT variable named like an AWS credential, then NON_COMPLIANT naming the variable: %s',
    (name) => {
      // Prepare
      const project = withVariables(plaintext(name, 'not-an-obvious-shape-0123'));

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation: `project app-build has credentials in plaintext: ${name} (AWS credential)`,
      });
    },
  );

  it.each([ACCESS_KEY_ID, 'ASIAY34FZKBOKMUTVV7A', `--key ${ACCESS_KEY_ID} --region eu-west-1`])(
    'Given a variable whose value holds an AWS access key id, then NON_COMPLIANT naming the variable: %s',
    (value) => {
      // Prepare
      const project = withVariables(plaintext('DEPLOY_ARGS', value));

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation:
          'project app-build has credentials in plaintext: DEPLOY_ARGS (AWS access key id in value)',
      });
    },
  );

  it('Given a 40-character secret-key value next to an access key name, then NON_COMPLIANT naming both variables', () => {
    // Prepare
    const project = withVariables(
      plaintext('DEPLOY_ACCESS_KEY_ID', 'AKIA-looks-redacted'),
      plaintext('DEPLOY_KEY_MATERIAL', SECRET_ACCESS_KEY),
      plaintext('S3_ACCESS_KEY', SECRET_ACCESS_KEY),
    );

    // Act
    const verdict = rule.evaluate(project, context, params.own);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'project app-build has credentials in plaintext: DEPLOY_KEY_MATERIAL (AWS secret key in value); ' +
        'S3_ACCESS_KEY (AWS secret key in value)',
    });
  });

  it.each([
    plaintext('BUILD_SIGNATURE', SECRET_ACCESS_KEY),
    plaintext('GIT_COMMIT', '3f2b7c1e9d4a4e8ba1c25d6e7f809a1b3f2b7c1e'),
    plaintext('ACCESS_LOG_ID', 'not-a-key'),
  ])(
    'Given a 40-character secret-key value or a git SHA without any access key name, then COMPLIANT: $name',
    (variable) => {
      // Prepare
      const project = withVariables(
        variable,
        plaintext('GIT_COMMIT_FULL', '3F2B7C1E9D4A4E8BA1C25D6E7F809A1B3F2B7C1E'),
      );

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({ compliance: 'COMPLIANT' });
    },
  );

  it.each([
    ['GITHUB_TOKEN', 'token'],
    ['NPM_TOKENS', 'token'],
    ['DB_PASSWORD', 'password'],
    ['LDAP_PASSWD', 'password'],
    ['db-pwd', 'password'],
    ['SSH_PASSPHRASE', 'passphrase'],
    ['CLIENT_SECRET', 'secret'],
    ['SIGNING_PRIVATE_KEY', 'private key'],
    ['private_key', 'private key'],
    ['SENDGRID_API_KEY', 'API key'],
    ['APIKEY', 'API key'],
    ['datadogApiKey', 'API key'],
    ['SonarAPIKey', 'API key'],
    ['REGISTRY_CREDENTIALS', 'credential'],
    ['GITHUBTOKEN', 'token'],
    ['dbPassword', 'password'],
    ['URL_TOKEN', 'token'],
  ])(
    'Given credential-like names (token, password, passwd, pwd, secret, private key, API key, credential, camelCase and compound forms), then NON_COMPLIANT naming the variable and the word: %s',
    (name, word) => {
      // Prepare
      const project = withVariables(plaintext(name, 'x7Qp2Lm9'));

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation: `project app-build has credentials in plaintext: ${name} (${word})`,
      });
    },
  );

  it.each([
    ['TOKENIZERS_PARALLELISM', 'false-ish'],
    ['PWD', '/codebuild/output/src123/src'],
    ['TOKEN_URL', 'https://auth.example.internal/oauth2/token'],
    ['SECRET_NAME', 'prod/app/db'],
    ['SECRET_ID', 'prod/app/db'],
    ['PRIVATE_KEY_PATH', '/etc/ssl/private/app.key'],
    ['PASSWORD_MIN_LENGTH', '14'],
    ['GITHUB_TOKEN_TTL', '3600'],
    ['KEY_ALIAS', 'alias/app'],
    ['SECRETARY_EMAIL', 'ops@example.internal'],
  ])(
    'Given names that only resemble credentials (TOKENIZERS_PARALLELISM, PWD, TOKEN_URL, SECRET_NAME, PRIVATE_KEY_PATH, PASSWORD_MIN_LENGTH), then COMPLIANT: %s',
    (name, value) => {
      // Prepare
      const project = withVariables(plaintext(name, value));

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({ compliance: 'COMPLIANT' });
    },
  );

  it.each([
    ['SECRET_ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/app/db-AbCdEf'],
    ['DB_PASSWORD', 'arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db/password'],
    ['USE_TOKEN', 'true'],
    ['SKIP_SECRET_SCAN', 'No'],
    ['GITHUB_TOKEN', ref('CODEBUILD_GITHUB_TOKEN')],
    ['NPM_TOKEN', '$NPM_TOKEN_FROM_SSM'],
  ])(
    'Given SECRET_ARN with an arn: value, a boolean or a $VAR reference, then COMPLIANT: %s',
    (name, value) => {
      // Prepare
      const project = withVariables(plaintext(name, value));

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({ compliance: 'COMPLIANT' });
    },
  );

  it.each(['', '   '])(
    'Given a credential name with an empty or blank value, then COMPLIANT: %j',
    (value) => {
      // Prepare
      const project = withVariables(
        plaintext('DB_PASSWORD', value),
        plaintext('AWS_SECRET_ACCESS_KEY', value),
      );

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({ compliance: 'COMPLIANT' });
    },
  );

  it('Given credential values in PARAMETER_STORE and SECRETS_MANAGER variables, then COMPLIANT', () => {
    // Prepare
    const project = withVariables(
      { name: 'DB_PASSWORD', type: 'PARAMETER_STORE', value: '/prod/db/password' },
      { name: 'GITHUB_TOKEN', type: 'SECRETS_MANAGER', value: 'prod/github:token' },
      { name: 'AWS_SECRET_ACCESS_KEY', type: 'secrets_manager', value: 'prod/deploy:secret' },
      { name: 'AWS_ACCESS_KEY_ID', type: 'PARAMETER_STORE', value: ACCESS_KEY_ID },
    );

    // Act
    const verdict = rule.evaluate(project, context, params.own);

    // Assess
    expect(verdict).toEqual({ compliance: 'COMPLIANT' });
  });

  it.each(['', 'PLAIN_TEXT_V2'])(
    'Given a credential in a variable of empty or unknown type, then NON_COMPLIANT (treated as PLAINTEXT): %j',
    (type) => {
      // Prepare
      const project = withVariables({ name: 'DB_PASSWORD', type, value: 'x7Qp2Lm9' });

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation: 'project app-build has credentials in plaintext: DB_PASSWORD (password)',
      });
    },
  );

  it.each([
    'postgres://app:Hunter2x9@db.example.internal:5432/app',
    'https://x-access-token:ghp_Q8s7d6f5@github.com/example/app.git',
    'mirror=https://ghp_Q8s7d6f5@github.com/example/app.git --depth 1',
  ])(
    'Given a variable whose value is a URL with user and password, then NON_COMPLIANT naming the variable: %s',
    (value) => {
      // Prepare
      const project = withVariables(plaintext('DATABASE_URL', value));

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation:
          'project app-build has credentials in plaintext: DATABASE_URL (URL with credentials in value)',
      });
    },
  );

  it.each([
    ['https://deploy:ghp_Q8s7d6f5@github.com/example/app.git', 'primary source'],
    ['https://ghp_Q8s7d6f5@github.com/example/app.git', 'primary source'],
    ['ssh://git:Hunter2x9@git.example.internal/app.git', 'primary source'],
  ])(
    'Given a source location with user:token@ or token@ userinfo, then NON_COMPLIANT naming the source: %s',
    (location) => {
      // Prepare
      const project = withSources(
        { type: 'GITHUB', location, primary: true },
        {
          type: 'GITHUB',
          location: 'https://ci:glpat-Zz9Yy8Xx@gitlab.example.internal/lib.git',
          sourceIdentifier: 'lib',
          primary: false,
        },
      );

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation:
          'project app-build has credentials in plaintext: primary source location (credentials in URL); ' +
          'secondary source lib location (credentials in URL)',
      });
    },
  );

  it.each([
    'ssh://git@git.example.internal/app.git',
    `https://${ref('GIT_USER')}:${ref('GIT_TOKEN')}@git.example.internal/app.git`,
    'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app',
    'my-bucket/path/source.zip',
    '',
  ])(
    'Given source locations without credentials (ssh user, $VAR placeholders, S3, empty), then COMPLIANT: %j',
    (location) => {
      // Prepare
      const project = withSources({ type: 'GITHUB_ENTERPRISE', location, primary: true });

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({ compliance: 'COMPLIANT' });
    },
  );

  it('Given several findings, then the annotation lists them within 256 characters and never contains any part of a secret value or location', () => {
    // Prepare
    const secrets = [
      'Zq8Rv3Lp0Xw7',
      'glpat-Mn4Bv6Cx2Zl',
      'Hunter9Kappa7Omega',
      ACCESS_KEY_ID,
      SECRET_ACCESS_KEY,
      'ghp_Tr5Yu7Io9Pa1',
      'Qw3Er5Ty7Ui9Op',
    ];
    const project = codeBuildProject({
      name: 'app-build',
      sources: [
        {
          type: 'GITHUB',
          location: `https://deployer:${secrets[5]}@github.com/example/app.git`,
          primary: true,
        },
      ],
      environment: {
        ...codeBuildProject().environment,
        variables: [
          plaintext('DB_PASSWORD', secrets[0] ?? ''),
          plaintext('GITLAB_TOKEN', secrets[1] ?? ''),
          plaintext('LDAP_BIND_PASSWD', secrets[2] ?? ''),
          plaintext('AWS_ACCESS_KEY_ID', secrets[3] ?? ''),
          plaintext('AWS_SECRET_ACCESS_KEY', secrets[4] ?? ''),
          plaintext('SIGNING_PRIVATE_KEY', secrets[6] ?? ''),
          plaintext('SENTRY_AUTH_TOKEN', secrets[0] ?? ''),
          plaintext('SLACK_WEBHOOK_SECRET', secrets[1] ?? ''),
        ],
      },
    });

    // Act
    const verdict = rule.evaluate(project, context, params.own);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'project app-build has credentials in plaintext: primary source location (credentials in URL); ' +
        'DB_PASSWORD (password); GITLAB_TOKEN (token); LDAP_BIND_PASSWD (password); ' +
        'AWS_ACCESS_KEY_ID (AWS credential); AWS_SECRET_ACCESS_KEY (AWS credential); and 3 more',
    });
    const annotation = verdict.annotation ?? '';
    expect(annotation.length).toBeLessThanOrEqual(256);
    for (const secret of [...secrets, 'deployer']) {
      for (let start = 0; start + 5 <= secret.length; start++) {
        expect(annotation).not.toContain(secret.slice(start, start + 5));
      }
    }
  });

  describe('inline buildspec env.variables', () => {
    const CODECOMMIT: CodeBuildSource = {
      type: 'CODECOMMIT',
      location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app',
      primary: true,
    };
    const inline = (...variables: { name: string; value: string }[]): CodeBuildSource['buildspec'] => ({
      kind: 'inline',
      variables,
      commands: [],
    });

    it('Given an inline buildspec with a password in env.variables, then NON_COMPLIANT naming the source and the variable, never the value', () => {
      // Prepare
      const project = withSources(CODECOMMIT, {
        ...CODECOMMIT,
        primary: false,
        sourceIdentifier: 'lib',
        buildspec: inline(
          { name: 'DB_PASSWORD', value: 'hunter2-Xyz' },
          { name: 'LOG_LEVEL', value: 'debug' },
        ),
      });

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation:
          'project app-build has credentials in plaintext: secondary source lib buildspec env.variables.DB_PASSWORD (password)',
      });
      expect(verdict.annotation).not.toContain('hunter2');
    });

    it('Given a secret-key-shaped buildspec variable next to a project variable holding an access key id, then NON_COMPLIANT naming both', () => {
      // Prepare
      const project = codeBuildProject({
        name: 'app-build',
        sources: [{ ...CODECOMMIT, buildspec: inline({ name: 'K', value: SECRET_ACCESS_KEY }) }],
        environment: { ...codeBuildProject().environment, variables: [plaintext('ID', ACCESS_KEY_ID)] },
      });

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation:
          'project app-build has credentials in plaintext: ID (AWS access key id in value); ' +
          'primary source buildspec env.variables.K (AWS secret key in value)',
      });
    });

    it('Given an inline buildspec using parameter-store and secrets-manager, or plain settings, then COMPLIANT', () => {
      // Prepare: the parser keeps only env.variables; parameter-store and secrets-manager are references.
      const project = withSources({
        ...CODECOMMIT,
        buildspec: inline(
          { name: 'LOG_LEVEL', value: 'debug' },
          { name: 'SECRET_ARN', value: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db' },
          { name: 'GITHUB_TOKEN', value: '' },
        ),
      });

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({ compliance: 'COMPLIANT' });
    });

    it('Given an unparsable inline buildspec, then NON_COMPLIANT naming the source and the YAML error', () => {
      // Prepare
      const project = withSources({
        ...CODECOMMIT,
        buildspec: { kind: 'unparsable', reason: 'YAML error DUPLICATE_KEY at line 5, column 5' },
      });

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation:
          'project app-build cannot be checked for plaintext credentials: primary source buildspec unparsable (YAML error DUPLICATE_KEY at line 5, column 5)',
      });
    });
  });
});
