export {
  dataLocationSchema,
  dataStoresOf,
  environmentSpecJsonSchema,
  environmentSpecSchema,
  gpuProducts,
  locationOf,
} from './environmentSpec';
export type {
  EnvironmentSpec,
  EnvironmentSpecInput,
  GpuProduct,
  RegionSpec,
  SovereignSiteSpec,
} from './environmentSpec';
export {
  parseEnvironmentSpec,
  parseEnvironmentSpecYaml,
  SpecValidationError,
} from './parseSpec';
export type { SpecIssue } from './parseSpec';
