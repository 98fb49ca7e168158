/**
 * Type tokens of the resources the policies read. Compared as strings so that the
 * policy pack loads no provider SDK (it starts on every preview and up).
 */
export const types = {
  rdsCluster: 'aws:rds/cluster:Cluster',
  rdsClusterInstance: 'aws:rds/clusterInstance:ClusterInstance',
  rdsInstance: 'aws:rds/instance:Instance',
  s3Bucket: 'aws:s3/bucket:Bucket',
  s3BucketV2: 'aws:s3/bucketV2:BucketV2',
  s3PublicAccessBlock: 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
  s3Encryption:
    'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
  s3Replication: 'aws:s3/bucketReplicationConfig:BucketReplicationConfig',
  securityGroup: 'aws:ec2/securityGroup:SecurityGroup',
  securityGroupIngressRule:
    'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
  loadBalancer: 'aws:lb/loadBalancer:LoadBalancer',
  albLoadBalancer: 'aws:alb/loadBalancer:LoadBalancer',
  webAclAssociation: 'aws:wafv2/webAclAssociation:WebAclAssociation',
  distribution: 'aws:cloudfront/distribution:Distribution',
  route53Record: 'aws:route53/record:Record',
  route53HealthCheck: 'aws:route53/healthCheck:HealthCheck',
  acceleratorEndpointGroup: 'aws:globalaccelerator/endpointGroup:EndpointGroup',
  eksCluster: 'aws:eks/cluster:Cluster',
  eksNodeGroup: 'aws:eks/nodeGroup:NodeGroup',
  statefulSet: 'kubernetes:apps/v1:StatefulSet',
  persistentVolume: 'kubernetes:core/v1:PersistentVolume',
  service: 'kubernetes:core/v1:Service',
  resourceQuota: 'kubernetes:core/v1:ResourceQuota',
} as const;

/** A resource as the policies see it: in a real run, @pulumi/policy's own objects. */
export interface ResourceView {
  type: string;
  name: string;
  urn: string;
  props: Record<string, any>;
  provider?: { type: string; props: Record<string, any> };
  propertyDependencies?: Record<string, { urn: string }[]>;
}
