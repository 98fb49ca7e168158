import { policyViolations } from './environmentRunner';

// The block the Pulumi CLI 3.259 prints for a mandatory violation, as seen against the
// sandbox with a @pulumi/policy pack.
const output = `Policies:
    ❌ ekyc-try@v0.0.0 (local: /packs/run.sh)
        - [mandatory]  namespace-needs-country  (kubernetes:core/v1:Namespace: x)
          every namespace has ekyc.io/country
          namespace lacks ekyc.io/country
        - [advisory]  prefer-labels  (kubernetes:core/v1:Namespace: x)
          labels are nice
          x has few labels

Diagnostics:
  error: preview failed
Policies:
    ❌ ekyc-try@v0.0.0 (local: /packs/run.sh)
        - [mandatory]  namespace-needs-country  (kubernetes:core/v1:Namespace: x)
          every namespace has ekyc.io/country
          namespace lacks ekyc.io/country`;

describe('policyViolations', () => {
  it('names each mandatory rule once, with its resource and what it reported', () => {
    expect(policyViolations(output)).toEqual([
      'namespace-needs-country on kubernetes:core/v1:Namespace: x: namespace lacks ekyc.io/country',
    ]);
  });

  it('finds none in output without mandatory violations', () => {
    expect(policyViolations('Resources:\n  + 3 to create')).toEqual([]);
  });
});
