// The policy pack's program, as Pulumi's policy host loads it. In the repo the
// package's exports are TypeScript: the host registers ts-node with its vendored
// TypeScript 3.8, so the current TypeScript loads through the repo's SWC transform
// instead. A built package (the backend image) exports JavaScript and needs neither.
const { PolicyPack } = require('@pulumi/policy');

delete require.extensions['.ts'];
const policies = require.resolve('@internal/infra-automation/policy');
if (policies.endsWith('.ts')) {
  require('@backstage/cli/config/nodeTransform.cjs');
}
const { ekycPolicies, policyPackName } = require(policies);

exports.pack = new PolicyPack(policyPackName, { policies: ekycPolicies });
