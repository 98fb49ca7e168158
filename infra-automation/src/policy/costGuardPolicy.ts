import type { PolicyConfigSchema } from '@pulumi/policy';
import { awsGpuInstanceTypes, gpuResource } from '@internal/ekyc-domain';
import { Report } from './report';
import { ResourceView, types } from './resourceTypes';

export interface CostGuardConfig {
  allowedGpuInstanceTypes: string[];
  /** Most nodes one GPU node group may scale to. */
  maxGpuNodesPerGroup: number;
  /** Most nodes one general node group may scale to. */
  maxGeneralNodesPerGroup: number;
  /** Most GPUs one namespace's quota may grant. */
  maxGpusPerNamespace: number;
}

export const costGuardDefaults: CostGuardConfig = {
  allowedGpuInstanceTypes: Object.values(awsGpuInstanceTypes).flatMap(sizes =>
    Object.values(sizes),
  ),
  maxGpuNodesPerGroup: 16,
  maxGeneralNodesPerGroup: 20,
  maxGpusPerNamespace: 128,
};

export const costGuardConfigSchema: PolicyConfigSchema = {
  properties: {
    allowedGpuInstanceTypes: {
      type: 'array',
      items: { type: 'string' },
      default: costGuardDefaults.allowedGpuInstanceTypes,
      description: 'EC2 GPU instance types node groups may use',
    },
    maxGpuNodesPerGroup: {
      type: 'integer',
      minimum: 0,
      default: costGuardDefaults.maxGpuNodesPerGroup,
    },
    maxGeneralNodesPerGroup: {
      type: 'integer',
      minimum: 0,
      default: costGuardDefaults.maxGeneralNodesPerGroup,
    },
    maxGpusPerNamespace: {
      type: 'integer',
      minimum: 0,
      default: costGuardDefaults.maxGpusPerNamespace,
    },
  },
};

/** EC2 families with NVIDIA GPUs (g4dn, g5, g6, g6e, p4d, p5, …). */
const gpuFamily = /^(g\d|p\d)[a-z]*\./;

/** GPU instance types from the allowed list and node ceilings from config. */
export function checkCostOf(
  resource: ResourceView,
  config: CostGuardConfig,
  report: Report,
): void {
  if (resource.type === types.eksNodeGroup) {
    const instanceTypes: string[] = resource.props.instanceTypes ?? [];
    const isGpu = instanceTypes.some(type => gpuFamily.test(type));
    const notAllowed = instanceTypes.filter(
      type =>
        gpuFamily.test(type) && !config.allowedGpuInstanceTypes.includes(type),
    );
    if (notAllowed.length) {
      report(
        `uses GPU instance types outside the allowed list: ${notAllowed.join(
          ', ',
        )}; choose from ${config.allowedGpuInstanceTypes.join(
          ', ',
        )} or have the allowed list changed in the policy config`,
        resource.urn,
      );
    }
    const maxSize = resource.props.scalingConfig?.maxSize;
    const ceiling = isGpu
      ? config.maxGpuNodesPerGroup
      : config.maxGeneralNodesPerGroup;
    if (typeof maxSize === 'number' && maxSize > ceiling) {
      report(
        `may scale to ${maxSize} ${
          isGpu ? 'GPU' : 'general'
        } nodes, above the ceiling of ${ceiling}: lower gpuPool.maxNodes, or raise ${
          isGpu ? 'maxGpuNodesPerGroup' : 'maxGeneralNodesPerGroup'
        } in the policy config with the budget owner's approval`,
        resource.urn,
      );
    }
  }
  if (resource.type === types.resourceQuota) {
    const gpus = Number(resource.props.spec?.hard?.[`requests.${gpuResource}`]);
    if (gpus > config.maxGpusPerNamespace) {
      report(
        `grants ${gpus} GPUs, above the ceiling of ${config.maxGpusPerNamespace} per namespace: lower gpuPool.maxNodes or gpusPerNode, or raise maxGpusPerNamespace in the policy config`,
        resource.urn,
      );
    }
  }
}
