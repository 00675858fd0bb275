/**
 * IAM policy analysis: parse a policy document, then find who it exposes its resource to outside
 * the trusted set. Pure (no AWS SDK, no I/O); the only error ever thrown is PolicyParseError (or
 * PolicyTooComplexError), from parsePolicyDocument.
 */
export {
  blockHoldsForUntrusted,
  blockPins,
  type ConditionMiss,
  type ConditionOperator,
  conditionsHoldForUntrusted,
  conditionsPin,
  denyMissOf,
  ENDPOINT_POLICY_PINNING_KEYS,
  namesOnlyTrusted,
  type OperatorFamily,
  type PinningKeys,
  parseOperator,
  pinMissOf,
  pinningKeys,
  RESOURCE_POLICY_PINNING_KEYS,
  type TrustSet,
  type ValueKind,
  type ValueProblem,
} from './conditions';
export {
  type ConditionBlock,
  type Effect,
  type Negatable,
  type ParseOptions,
  type PolicyDocument,
  PolicyParseError,
  type PolicyReading,
  PolicyTooComplexError,
  type PrincipalEntry,
  type PrincipalSpec,
  type PrincipalType,
  parsePolicyDocument,
  readPolicyInput,
  type Statement,
} from './document';
export { type Exposure, type ExposureFinding, type ExposureOptions, findExposures } from './exposure';
export {
  checkPolicyLimits,
  ECR_REGISTRY_POLICY_LIMIT,
  ECR_REPOSITORY_POLICY_LIMIT,
  MAX_POLICY_DEPTH,
  type PolicySizeLimit,
  VPC_ENDPOINT_POLICY_LIMIT,
} from './limits';
export { classifyPrincipal, type PrincipalClass, principalText } from './principals';
export { hasWildcard, starMatch, wildcardCovers, wildcardMatch } from './wildcard';
