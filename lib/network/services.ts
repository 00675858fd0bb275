/**
 * AWS service names of VPC endpoints: `com.amazonaws.<region>.<service>`. FIPS variants put
 * `-fips` on the first label of the service (`kms-fips`, `git-codecommit-fips`, `ecr-fips.api`);
 * they serve the same service, so they count wherever the plain one is required.
 */

// PrivateLink services of other owners live under com.amazonaws.vpce.<region>.
const AWS_SERVICE = /^com\.amazonaws\.([a-z]{2}(?:-[a-z]+)+-\d+)\.([a-z0-9][a-z0-9.-]*)$/;

export interface ServiceName {
  region: string;
  /** The service as AWS names it in the endpoint, e.g. `ecr.dkr`, `git-codecommit-fips`. */
  service: string;
  /** The service without a FIPS marker, e.g. `git-codecommit`. */
  baseService: string;
  fips: boolean;
}

export function parseServiceName(serviceName: string): ServiceName | undefined {
  if (serviceName.startsWith('com.amazonaws.vpce.')) return undefined;
  const match = AWS_SERVICE.exec(serviceName);
  const region = match?.[1];
  const service = match?.[2];
  if (region === undefined || service === undefined) return undefined;
  const [first = '', ...rest] = service.split('.');
  const fips = first.endsWith('-fips');
  const baseService = [fips ? first.slice(0, -'-fips'.length) : first, ...rest].join('.');
  return { region, service, baseService, fips };
}

/** True when the endpoint's service name serves `service` (e.g. `logs`), FIPS variants included. */
export function servesService(serviceName: string, service: string): boolean {
  return parseServiceName(serviceName)?.baseService === service;
}
