// The GPU instance types per product and size are part of the spec (which sizes AWS
// offers decides what a region may ask for): awsGpuInstanceTypes in @internal/ekyc-domain.

/** General-purpose nodes for the API, system pods and cluster add-ons. */
export const generalInstanceType = 'm7i.xlarge';
export const generalNodes = { min: 2, max: 6 };

/** Aurora instances: a writer and a reader in another zone. */
export const auroraInstanceClass = 'db.r7g.xlarge';
export const auroraInstances = 2;

/** Three zones, one NAT gateway in each so that losing a zone keeps egress. */
export const availabilityZoneCount = 3;
