import { describe, expect, it } from 'vitest';
import { describeAwsError, formatReportError } from '../../../../lib/cli/aws-errors';
import { awsError, denied, networkError } from './support';

describe('describeAwsError', () => {
  it('reads the denied IAM action out of an AccessDenied message', () => {
    expect(describeAwsError(denied('codebuild:BatchGetProjects'))).toMatchObject({
      kind: 'access-denied',
      code: 'AccessDeniedException',
      operation: 'BatchGetProjects',
      permission: 'codebuild:BatchGetProjects',
    });
    expect(
      describeAwsError(
        awsError(
          'UnauthorizedOperation',
          'You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ec2:DescribeRouteTables because no identity-based policy allows the ec2:DescribeRouteTables action',
        ),
      ),
    ).toMatchObject({
      kind: 'access-denied',
      permission: 'ec2:DescribeRouteTables',
      operation: 'DescribeRouteTables',
    });
  });

  it('leaves the permission out when the message does not name it', () => {
    const described = describeAwsError(
      awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
    );
    expect(described).toEqual({
      kind: 'access-denied',
      code: 'UnauthorizedOperation',
      message: 'You are not authorized to perform this operation.',
    });
  });

  it('hints at credentials, the network, the Region and an emulator without the operation', () => {
    expect(
      describeAwsError(
        awsError('ExpiredTokenException', 'The security token included in the request is expired'),
      ),
    ).toEqual({
      kind: 'credentials',
      code: 'ExpiredTokenException',
      message:
        'The security token included in the request is expired: check the credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, aws sso login)',
    });
    expect(describeAwsError(networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:4566'))).toEqual({
      kind: 'network',
      code: 'ECONNREFUSED',
      message:
        'could not reach the service: connect ECONNREFUSED 127.0.0.1:4566 (is the endpoint reachable? AWS_ENDPOINT_URL, proxy, network)',
    });
    expect(
      describeAwsError(
        networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND codebuild.eu-nowhere-1.amazonaws.com'),
      ).message,
    ).toBe(
      'could not reach the service: getaddrinfo ENOTFOUND codebuild.eu-nowhere-1.amazonaws.com (is the Region name right, and is the network reachable?)',
    );
    const html = Object.assign(
      new SyntaxError(
        'Unexpected token \'<\', "<!doctype "... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
      ),
      { $metadata: { httpStatusCode: 500 } },
    );
    expect(describeAwsError(html)).toEqual({
      kind: 'emulator',
      code: 'HTTP500',
      message:
        'the endpoint answered HTTP 500 with something that is not an AWS API response (an emulator without this operation?)',
    });
  });

  it('keeps any other error code and first message line', () => {
    expect(describeAwsError(awsError('ThrottlingException', 'Rate exceeded\nmore'))).toEqual({
      kind: 'other',
      code: 'ThrottlingException',
      message: 'Rate exceeded',
    });
    expect(describeAwsError('plain')).toEqual({ kind: 'other', code: 'Error', message: 'plain' });
  });
});

describe('formatReportError', () => {
  it('writes where, what and which rules in one line', () => {
    expect(
      formatReportError({
        region: 'eu-west-1',
        service: 'ec2',
        operation: 'DescribeVpcs',
        permission: 'ec2:DescribeVpcs',
        code: 'UnauthorizedOperation',
        message: 'listing AWS::EC2::VPC: denied',
        rules: ['a', 'b'],
      }),
    ).toBe(
      'eu-west-1 ec2 DescribeVpcs: UnauthorizedOperation (missing permission ec2:DescribeVpcs): listing AWS::EC2::VPC: denied [rules: a, b]',
    );
    expect(formatReportError({ code: 'X', message: 'y' })).toBe('X: y');
  });
});
