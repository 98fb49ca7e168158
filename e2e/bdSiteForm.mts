// The sovereign-site form's values for the BD site on the sandbox, as a person fills it.
export const bdSiteForm = {
  country: 'BD',
  site: 'bd-dhaka-1',
  cluster: 'sandbox-dhaka',
  servesCountries: ['BD'],
  replicateTo: [],
  gpuProduct: 'NVIDIA-A10',
  gpusPerNode: 4,
  minNodes: 1,
  maxNodes: 2,
  storageGi: 100,
  linkType: 'site-to-site-vpn',
  bgpAsn: 65010,
  onPremCidrs: ['10.40.0.0/16'],
  owner: 'group:default/ops-bd',
  costCenter: 'EKYC-BD-01',
};
