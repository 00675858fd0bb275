import { stringify } from 'yaml';
import type { AnyRule } from '../engine/rule';
import { DEPLOY_PARAMETERS, type HandlerPresence, serverlessConfig } from './serverless';

const HEADER = `# ppguard deployment (Serverless Framework v3 format; deploy with osls, the maintained
# open-source continuation of Serverless Framework v3):
#
#   npm run build    # the function artifacts in .build/ (esbuild, one zip per function)
#   npx osls deploy --stage prod --region eu-west-1 --param="alertEmail=secops@example.com"
#
# GENERATED from the rule registry by \`npm run generate:serverless\` (lib/deploy/serverless.ts):
# do not edit by hand; a test fails when this file is stale.
#
# Deploy parameters (--param="name=value"):
`;

export function renderServerlessYaml(rules: readonly AnyRule[], handlers: HandlerPresence): string {
  const ruleParams = [...new Set(rules.flatMap((rule) => Object.keys(rule.parameters)))].sort();
  const documented = [
    ...DEPLOY_PARAMETERS.map(
      (p) => `#   ${p.name} (default ${p.default === '' ? 'none' : p.default}): ${p.description}`,
    ),
    '#   trustedAccounts, trustedOrgIds, exemptTagKey: parameters every rule accepts (see docs/rules.md)',
    `#   ${ruleParams.join(', ')}: rule parameters (see docs/rules.md)`,
  ];
  const body = stringify(serverlessConfig(rules, handlers), { lineWidth: 0, aliasDuplicateObjects: false });
  return `${HEADER}${documented.join('\n')}\n\n${body}`;
}
