import type { PolicyConfigSchema } from '@pulumi/policy';
import { awsTags } from '@internal/ekyc-domain';
import { Report } from './report';
import { ResourceView, types } from './resourceTypes';

export interface SecurityConfig {
  /** Ports a public edge security group may open to the whole internet. */
  publicEdgePorts: number[];
}

export const securityDefaults: SecurityConfig = { publicEdgePorts: [443] };

export const securityConfigSchema: PolicyConfigSchema = {
  properties: {
    publicEdgePorts: {
      type: 'array',
      items: { type: 'integer', minimum: 1, maximum: 65535 },
      default: securityDefaults.publicEdgePorts,
      description: `Ports a security group tagged ${awsTags.publicEdge}=true may open to 0.0.0.0/0`,
    },
  },
};

const anywhere = ['0.0.0.0/0', '::/0'];

function openIngress(
  resource: ResourceView,
): { fromPort: number; toPort: number }[] {
  if (resource.type === types.securityGroup) {
    return (resource.props.ingress ?? []).filter(
      (rule: { cidrBlocks?: string[]; ipv6CidrBlocks?: string[] }) =>
        [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])].some(
          cidr => anywhere.includes(cidr),
        ),
    );
  }
  if (
    resource.type === types.securityGroupIngressRule &&
    (anywhere.includes(resource.props.cidrIpv4) ||
      anywhere.includes(resource.props.cidrIpv6))
  ) {
    return [
      { fromPort: resource.props.fromPort, toPort: resource.props.toPort },
    ];
  }
  return [];
}

/**
 * Per resource: encryption at rest, nothing public but the edge, a private EKS API.
 */
export function checkSecurityOf(
  resource: ResourceView,
  config: SecurityConfig,
  report: Report,
): void {
  const props = resource.props;
  switch (resource.type) {
    case types.rdsCluster:
    case types.rdsInstance:
      if (props.storageEncrypted !== true) {
        report(
          `is not encrypted at rest: set storageEncrypted: true with a KMS key (kmsKeyId)`,
          resource.urn,
        );
      }
      break;
    case types.s3Encryption: {
      const algorithms = (props.rules ?? []).map(
        (rule: {
          applyServerSideEncryptionByDefault?: { sseAlgorithm?: string };
        }) => rule.applyServerSideEncryptionByDefault?.sseAlgorithm,
      );
      if (!algorithms.some((a: string) => a?.startsWith('aws:kms'))) {
        report(
          `does not encrypt with KMS: set sseAlgorithm aws:kms and the bucket's key`,
          resource.urn,
        );
      }
      break;
    }
    case types.s3PublicAccessBlock: {
      const off = [
        'blockPublicAcls',
        'blockPublicPolicy',
        'ignorePublicAcls',
        'restrictPublicBuckets',
      ].filter(setting => props[setting] !== true);
      if (off.length) {
        report(
          `leaves public access possible: set ${off.join(', ')} to true`,
          resource.urn,
        );
      }
      break;
    }
    case types.eksCluster:
      if (props.vpcConfig?.endpointPublicAccess !== false) {
        report(
          `exposes the Kubernetes API to the internet: set vpcConfig.endpointPublicAccess: false (reach it through the VPC or the hybrid link)`,
          resource.urn,
        );
      }
      if (!(props.encryptionConfig?.resources ?? []).includes('secrets')) {
        report(
          `does not envelope-encrypt Secrets: set encryptionConfig with a KMS key for resources ["secrets"]`,
          resource.urn,
        );
      }
      break;
    case types.service:
      if (['LoadBalancer', 'NodePort'].includes(props.spec?.type)) {
        report(
          `is exposed as ${props.spec.type}: use ClusterIP and reach it through the edge (WAF-protected load balancer)`,
          resource.urn,
        );
      }
      break;
    default:
      break;
  }
  if (props.publiclyAccessible === true) {
    report(
      `is publicly accessible: set publiclyAccessible: false; clients reach it from the cluster`,
      resource.urn,
    );
  }
  const open = openIngress(resource);
  if (open.length) {
    const isEdge = props.tags?.[awsTags.publicEdge] === 'true';
    const badPorts = open.filter(
      rule =>
        !(
          rule.fromPort === rule.toPort &&
          config.publicEdgePorts.includes(rule.fromPort)
        ),
    );
    if (!isEdge || badPorts.length) {
      report(
        `accepts traffic from anywhere${
          isEdge
            ? ` on ports other than ${config.publicEdgePorts.join(', ')}`
            : ''
        }: only the edge's load balancer may (tag ${
          awsTags.publicEdge
        }=true, ports ${config.publicEdgePorts.join(
          ', ',
        )}); open this group to the VPC or to the edge's security group instead`,
        resource.urn,
      );
    }
  }
}

/** A property refers to `target` by its known value or through its dependencies. */
function refersTo(
  resource: ResourceView,
  property: string,
  target: ResourceView,
  targetValues: unknown[],
): boolean {
  const value = resource.props[property];
  if (value !== undefined && targetValues.includes(value)) return true;
  return (resource.propertyDependencies?.[property] ?? []).some(
    dependency => dependency.urn === target.urn,
  );
}

/** Across the stack: every bucket locked and encrypted, every public edge behind WAF. */
export function checkStackSecurity(
  resources: ResourceView[],
  report: Report,
): void {
  const ofType = (...wanted: string[]) =>
    resources.filter(resource => wanted.includes(resource.type));
  for (const bucket of ofType(types.s3Bucket, types.s3BucketV2)) {
    const ids = [bucket.props.bucket, bucket.props.id].filter(Boolean);
    for (const [type, what] of [
      [types.s3PublicAccessBlock, 'a BucketPublicAccessBlock'],
      [types.s3Encryption, 'a KMS encryption configuration'],
    ]) {
      if (!ofType(type).some(r => refersTo(r, 'bucket', bucket, ids))) {
        report(`has no ${what}: add one for it`, bucket.urn);
      }
    }
  }
  for (const lb of ofType(types.loadBalancer, types.albLoadBalancer)) {
    if (lb.props.internal === true) continue;
    if (
      lb.props.loadBalancerType &&
      lb.props.loadBalancerType !== 'application'
    ) {
      continue;
    }
    const arns = [lb.props.arn].filter(Boolean);
    const protectedByWaf = ofType(types.webAclAssociation).some(association =>
      refersTo(association, 'resourceArn', lb, arns),
    );
    if (!protectedByWaf) {
      report(
        `faces the internet without WAF: associate a web ACL with AWS's managed rules (wafv2.WebAclAssociation), e.g. set edge.waf: true in the spec`,
        lb.urn,
      );
    }
  }
  for (const distribution of ofType(types.distribution)) {
    const hasWaf =
      Boolean(distribution.props.webAclId) ||
      (distribution.propertyDependencies?.webAclId?.length ?? 0) > 0;
    if (!hasWaf) {
      report(
        `has no web ACL: set webAclId to a CLOUDFRONT-scope WAF web ACL, e.g. set edge.waf: true in the spec`,
        distribution.urn,
      );
    }
  }
}
