// The spec the actions' examples use, as the `spec:` input of a template step: the BD
// sovereign site of examples/sovereign-site-bd.yaml.
export const bdSiteSpec = `        spec:
          kind: sovereign-site
          id: bd-dhaka-1
          target: kubernetes
          cluster: sandbox-dhaka
          country: BD
          site: bd-dhaka-1
          servesCountries: [BD]
          gpuPool: { gpuProduct: NVIDIA-A10, minNodes: 1, maxNodes: 2, gpusPerNode: 4, spotShare: 0 }
          database: { engine: postgresql, storageGi: 100, role: primary }
          edge: { cdn: false, waf: true }
          connectivity:
            type: site-to-site-vpn
            bgpAsn: 65010
            onPremCidrs: [10.40.0.0/16]
          owner: group:default/ops-bd
          costCenter: EKYC-BD-01`;
