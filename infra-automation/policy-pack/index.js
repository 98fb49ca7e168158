// The policy pack's program, as Pulumi's policy host loads it. The host registers
// ts-node with its vendored TypeScript 3.8 for `.ts`; the pack's modules are current
// TypeScript, so they load through the same SWC transform as the rest of the repo.
delete require.extensions['.ts'];
require('@backstage/cli/config/nodeTransform.cjs');
require('./pack.ts');
