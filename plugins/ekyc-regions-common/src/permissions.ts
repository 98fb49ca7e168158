import { createPermission } from '@backstage/plugin-permission-common';

/** Reading GPU capacity, latency and residency figures of regions and countries. */
export const ekycRegionsReadPermission = createPermission({
  name: 'ekyc.regions.read',
  attributes: { action: 'read' },
});

export const ekycRegionsPermissions = [ekycRegionsReadPermission];
