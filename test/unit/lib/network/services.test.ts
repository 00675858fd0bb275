import { describe, expect, it } from 'vitest';
import {
  codeCommitCloneHost,
  codeCommitGitHost,
  counterpartOf,
  otherVariantNote,
  parseServiceName,
  privateEcrHost,
  servesService,
} from '../../../../lib/network/services';

describe('parseServiceName', () => {
  it('splits Region, service and FIPS marker', () => {
    expect(parseServiceName('com.amazonaws.eu-west-1.ecr-fips.dkr')).toEqual({
      region: 'eu-west-1',
      service: 'ecr-fips.dkr',
      baseService: 'ecr.dkr',
      fips: true,
    });
  });

  it('does not parse endpoint services of other owners', () => {
    expect(parseServiceName('com.amazonaws.vpce.eu-west-1.vpce-svc-0a')).toBeUndefined();
  });
});

describe('servesService', () => {
  it.each([
    ['com.amazonaws.eu-west-1.git-codecommit', 'git-codecommit', 'eu-west-1', true],
    ['com.amazonaws.eu-west-1.git-codecommit-fips', 'git-codecommit', 'eu-west-1', false],
    ['com.amazonaws.eu-west-1.git-codecommit', 'git-codecommit-fips', 'eu-west-1', false],
    ['com.amazonaws.eu-west-1.git-codecommit-fips', 'git-codecommit-fips', 'eu-west-1', true],
    ['com.amazonaws.eu-central-1.ecr.dkr', 'ecr.dkr', 'eu-west-1', false],
    ['com.amazonaws.eu-central-1.ecr.dkr', 'ecr.dkr', 'eu-central-1', true],
    ['com.amazonaws.eu-west-1.codecommit', 'git-codecommit', 'eu-west-1', false],
  ])(
    '%s serves %s in %s: %s (an endpoint serves the host its private DNS covers)',
    (name, service, region, serves) => {
      expect(servesService(name, service, region)).toBe(serves);
    },
  );
});

describe('counterpartOf and otherVariantNote', () => {
  it.each([
    ['ecr.dkr', 'ecr-fips.dkr'],
    ['ecr-fips.api', 'ecr.api'],
    ['git-codecommit', 'git-codecommit-fips'],
    ['kms-fips', 'kms'],
  ])('the counterpart of %s is %s', (service, counterpart) => {
    expect(counterpartOf(service)).toBe(counterpart);
  });

  it('says which host the other variant serves', () => {
    expect(otherVariantNote('vpce-0a', 'git-codecommit')).toBe('vpce-0a serves only the FIPS host');
    expect(otherVariantNote('vpce-0b', 'kms-fips')).toBe('vpce-0b serves only the plain host');
  });
});

describe('privateEcrHost', () => {
  it.each([
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      { account: '123456789012', region: 'eu-west-1', fips: false, service: 'ecr.dkr' },
    ],
    [
      '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com',
      { account: '123456789012', region: 'us-gov-west-1', fips: true, service: 'ecr-fips.dkr' },
    ],
    [
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn',
      { account: '123456789012', region: 'cn-north-1', fips: false, service: 'ecr.dkr' },
    ],
  ])('reads account, Region and endpoint service of %s', (host, expected) => {
    expect(privateEcrHost(host)).toEqual(expected);
  });

  it.each([
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example',
    '123456789012.dkr-ecr.eu-west-1.on.aws',
    'public.ecr.aws',
    '12345.dkr.ecr.eu-west-1.amazonaws.com',
  ])('is undefined for a host that is not a private ECR registry: %s', (host) => {
    expect(privateEcrHost(host)).toBeUndefined();
  });
});

describe('codeCommitGitHost', () => {
  it('reads the Region and endpoint service of the plain and FIPS hosts', () => {
    expect(codeCommitGitHost('git-codecommit.us-east-1.amazonaws.com')).toEqual({
      region: 'us-east-1',
      fips: false,
      service: 'git-codecommit',
    });
    expect(codeCommitGitHost('git-codecommit-fips.us-east-1.amazonaws.com')).toEqual({
      region: 'us-east-1',
      fips: true,
      service: 'git-codecommit-fips',
    });
  });

  it('is undefined for another host', () => {
    expect(codeCommitGitHost('codecommit.us-east-1.amazonaws.com')).toBeUndefined();
    expect(codeCommitGitHost('git-codecommit.us-east-1.amazonaws.com.evil.example')).toBeUndefined();
  });
});

describe('codeCommitCloneHost', () => {
  it('reads the Git host of an https clone URL, credentials and case ignored', () => {
    expect(
      codeCommitCloneHost(' https://user:pw@GIT-CODECOMMIT-FIPS.us-east-1.amazonaws.com/v1/repos/app '),
    ).toEqual({
      region: 'us-east-1',
      fips: true,
      service: 'git-codecommit-fips',
    });
  });

  it.each([
    undefined,
    '',
    'git@git-codecommit.us-east-1.amazonaws.com:v1/repos/app',
    'http://git-codecommit.us-east-1.amazonaws.com/v1/repos/app',
    'https://github.com/example/app.git',
  ])('is undefined for a location that is not an https CodeCommit clone URL: %s', (location) => {
    expect(codeCommitCloneHost(location)).toBeUndefined();
  });
});
