/** Fake AWS readers and SDK-shaped errors for the CLI's unit tests. */
import type { AwsReaders } from '../../../../lib/engine/inputs';
import type { NetworkFacts } from '../../../../lib/network/model';
import type { Listing } from '../../../../lib/resources/errors';
import type { Resource, ResourceType } from '../../../../lib/resources/model';

/** An error as the AWS SDK throws it: the API error code as name, the HTTP status in $metadata. */
export function awsError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode, attempts: 1 } });
}

/** A Node network error as the SDK rethrows it (ECONNREFUSED, ENOTFOUND, ...). */
export function networkError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, $metadata: { attempts: 3 } });
}

export const denied = (action: string) =>
  awsError(
    'AccessDeniedException',
    `User: arn:aws:sts::123456789012:assumed-role/ci/scan is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
  );

export interface FakeReaders extends AwsReaders {
  calls: string[];
}

/** Readers over fixed resources; a type mapped to an Error fails with it; a Listing may name failures. */
export function fakeReaders(
  byType: Partial<Record<ResourceType, Resource[] | Listing | Error>>,
  options: { network?: NetworkFacts | Error } = {},
): FakeReaders {
  const calls: string[] = [];
  return {
    calls,
    async list(type) {
      calls.push(`list ${type}`);
      const found = byType[type] ?? [];
      if (found instanceof Error) throw found;
      return found;
    },
    async describe(type, names) {
      calls.push(`describe ${type} ${names.join(',')}`);
      const listed = byType[type];
      if (listed instanceof Error) throw listed;
      const found = Array.isArray(listed) ? listed : (listed?.resources ?? []);
      return { resources: found.filter((r) => names.includes(r.resourceName)), failures: [] };
    },
    async ecrRegistryScanning() {
      calls.push('ecrRegistryScanning');
      return { scanType: 'BASIC', rules: [] };
    },
    networkLoader() {
      return {
        async load(vpcIds) {
          calls.push(`network ${[...vpcIds].join(',')}`);
          if (options.network instanceof Error) throw options.network;
          if (!options.network) throw new Error('no network facts in this test');
          return options.network;
        },
      };
    },
  };
}
