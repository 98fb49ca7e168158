/** A BD sovereign site's template values, as a valid ticket gives them. */
export const sylhetSiteValues = {
  country: 'BD',
  site: 'bd-sylhet-1',
  cluster: 'bd-onprem',
  servesCountries: ['BD'],
  replicateTo: [],
  gpuProduct: 'NVIDIA-A10',
  gpusPerNode: 4,
  minNodes: 1,
  maxNodes: 2,
  storageGi: 100,
  target: 'kubernetes',
  linkType: 'site-to-site-vpn',
  bgpAsn: 65011,
  onPremCidrs: ['10.41.0.0/16', '10.42.0.0/16'],
  owner: 'group:default/ops-bd',
  costCenter: 'EKYC-BD-02',
};
