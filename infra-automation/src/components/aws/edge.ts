import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { PrivateBucket } from './privateBucket';
import { awsTags } from '@internal/ekyc-domain';
import { apiHealthCheck, globalApiName } from './apiEndpoint';
import { noPersonalDataTags } from './tags';

export interface EdgeArgs {
  region: string;
  vpcId: pulumi.Input<string>;
  vpcCidr: string;
  publicSubnetIds: pulumi.Input<string>[];
  /** The hosted zone the API's names live in. */
  dnsZone: { id: string; name: string };
  /** WAF with AWS's managed rules in front of the API (and the CDN). */
  waf: boolean;
  /** A CloudFront distribution for the static front end. */
  cdn: boolean;
  tags: Record<string, string>;
}

/** What the API load balancer forwards to: the API pods, by IP. */
export const apiTargetPort = 8080;

const managedRuleGroups = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
];

function webAclRules(metricPrefix: string): aws.types.input.wafv2.WebAclRule[] {
  const visibility = (metric: string) => ({
    cloudwatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
    metricName: `${metricPrefix}-${metric}`,
  });
  return [
    ...managedRuleGroups.map((group, priority) => ({
      name: group,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: { vendorName: 'AWS', name: group },
      },
      visibilityConfig: visibility(group),
    })),
    {
      // A client sending more than this per five minutes is throttled.
      name: 'rate-per-ip',
      priority: managedRuleGroups.length,
      action: { block: {} },
      statement: {
        rateBasedStatement: { limit: 2000, aggregateKeyType: 'IP' },
      },
      visibilityConfig: visibility('rate-per-ip'),
    },
  ];
}

/**
 * How the world reaches a region: an internet-facing Application Load Balancer (TLS 1.3
 * only, WAF attached) in the public subnets, forwarding to the API pods; the region's
 * own name (`api-<region>.<zone>`) with a health check, which the topology's routing
 * (`GlobalRouting`: each country's users to the environment holding their data) points
 * the API's global name at; and optionally CloudFront, with its own WAF, for the static
 * front end. Shield Standard covers CloudFront, Route 53 and the load balancer without
 * any resource to create.
 */
export class Edge extends pulumi.ComponentResource {
  readonly loadBalancer: aws.lb.LoadBalancer;
  readonly targetGroup: aws.lb.TargetGroup;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly listener: aws.lb.Listener;
  readonly webAcl?: aws.wafv2.WebAcl;
  readonly webAclAssociation?: aws.wafv2.WebAclAssociation;
  readonly regionalRecord: aws.route53.Record;
  readonly healthCheck: aws.route53.HealthCheck;
  readonly distribution?: aws.cloudfront.Distribution;
  /** The API's global name, e.g. api.ekyc.example.com, which the topology routes. */
  readonly apiHostname: string;
  /** This region's own name, e.g. api-us-east-1.ekyc.example.com. */
  readonly regionalHostname: string;

  constructor(
    name: string,
    args: EdgeArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('ekyc:aws:Edge', name, {}, opts);
    const child = { parent: this };
    const region = args.region;
    this.apiHostname = globalApiName(args.dnsZone.name);
    const regionalHostname = `api-${region}.${args.dnsZone.name}`;
    this.regionalHostname = regionalHostname;

    const certificate = this.certificate(
      name,
      region,
      [this.apiHostname, regionalHostname],
      args,
    );
    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-alb`,
      {
        region,
        vpcId: args.vpcId,
        description:
          'HTTPS from anywhere to the API load balancer (WAF in front)',
        ingress: [
          {
            protocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ['0.0.0.0/0'],
          },
        ],
        egress: [
          {
            protocol: 'tcp',
            fromPort: apiTargetPort,
            toPort: apiTargetPort,
            cidrBlocks: [args.vpcCidr],
          },
        ],
        tags: { ...args.tags, [awsTags.publicEdge]: 'true' },
      },
      child,
    );
    this.loadBalancer = new aws.lb.LoadBalancer(
      name,
      {
        region,
        loadBalancerType: 'application',
        internal: false,
        subnets: args.publicSubnetIds,
        securityGroups: [this.securityGroup.id],
        dropInvalidHeaderFields: true,
        enableDeletionProtection: true,
        tags: args.tags,
      },
      child,
    );
    this.targetGroup = new aws.lb.TargetGroup(
      name,
      {
        region,
        vpcId: args.vpcId,
        targetType: 'ip',
        port: apiTargetPort,
        protocol: 'HTTP',
        healthCheck: { path: '/healthz', matcher: '200' },
        tags: args.tags,
      },
      child,
    );
    this.listener = new aws.lb.Listener(
      `${name}-https`,
      {
        region,
        loadBalancerArn: this.loadBalancer.arn,
        port: 443,
        protocol: 'HTTPS',
        sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
        certificateArn: certificate.certificateArn,
        defaultActions: [
          { type: 'forward', targetGroupArn: this.targetGroup.arn },
        ],
        tags: args.tags,
      },
      child,
    );
    if (args.waf) {
      this.webAcl = new aws.wafv2.WebAcl(
        name,
        {
          region,
          scope: 'REGIONAL',
          defaultAction: { allow: {} },
          rules: webAclRules(name),
          visibilityConfig: {
            cloudwatchMetricsEnabled: true,
            sampledRequestsEnabled: true,
            metricName: name,
          },
          tags: args.tags,
        },
        child,
      );
      this.webAclAssociation = new aws.wafv2.WebAclAssociation(
        name,
        {
          region,
          resourceArn: this.loadBalancer.arn,
          webAclArn: this.webAcl.arn,
        },
        child,
      );
    }

    const alias = {
      name: this.loadBalancer.dnsName,
      zoneId: this.loadBalancer.zoneId,
      evaluateTargetHealth: true,
    };
    this.regionalRecord = new aws.route53.Record(
      `${name}-regional`,
      {
        zoneId: args.dnsZone.id,
        name: regionalHostname,
        type: 'A',
        aliases: [alias],
      },
      child,
    );
    this.healthCheck = apiHealthCheck(name, regionalHostname, args.tags, child);
    if (args.cdn) this.distribution = this.frontEnd(name, args);
    this.registerOutputs({ regionalHostname });
  }

  private certificate(
    name: string,
    region: string,
    hostnames: string[],
    args: EdgeArgs,
  ): aws.acm.CertificateValidation {
    const child = { parent: this };
    const certificate = new aws.acm.Certificate(
      name,
      {
        region,
        domainName: hostnames[0],
        subjectAlternativeNames: hostnames.slice(1),
        validationMethod: 'DNS',
        tags: args.tags,
      },
      child,
    );
    const records = hostnames.map(
      (_, i) =>
        new aws.route53.Record(
          `${name}-validation-${i}`,
          {
            zoneId: args.dnsZone.id,
            name: certificate.domainValidationOptions[i].resourceRecordName,
            type: certificate.domainValidationOptions[i].resourceRecordType,
            records: [
              certificate.domainValidationOptions[i].resourceRecordValue,
            ],
            ttl: 300,
            allowOverwrite: true,
          },
          child,
        ),
    );
    return new aws.acm.CertificateValidation(
      name,
      {
        region,
        certificateArn: certificate.arn,
        validationRecordFqdns: records.map(record => record.fqdn),
      },
      child,
    );
  }

  /** CloudFront over a private bucket (origin access control), with its own WAF. */
  private frontEnd(name: string, args: EdgeArgs): aws.cloudfront.Distribution {
    const child = { parent: this };
    const site = new PrivateBucket(
      `${name}-front-end`,
      {
        region: args.region,
        tags: { ...args.tags, ...noPersonalDataTags },
        policyWrittenByOwner: true,
      },
      child,
    );
    const access = new aws.cloudfront.OriginAccessControl(
      name,
      {
        originAccessControlOriginType: 's3',
        signingBehavior: 'always',
        signingProtocol: 'sigv4',
      },
      child,
    );
    // CloudFront's web ACLs live in us-east-1 whatever the region.
    const webAcl =
      args.waf &&
      new aws.wafv2.WebAcl(
        `${name}-cdn`,
        {
          region: 'us-east-1',
          scope: 'CLOUDFRONT',
          defaultAction: { allow: {} },
          rules: webAclRules(`${name}-cdn`),
          visibilityConfig: {
            cloudwatchMetricsEnabled: true,
            sampledRequestsEnabled: true,
            metricName: `${name}-cdn`,
          },
          tags: args.tags,
        },
        child,
      );
    const originId = 'front-end';
    const distribution = new aws.cloudfront.Distribution(
      name,
      {
        enabled: true,
        isIpv6Enabled: true,
        defaultRootObject: 'index.html',
        priceClass: 'PriceClass_All',
        webAclId: webAcl ? webAcl.arn : undefined,
        origins: [
          {
            originId,
            domainName: site.bucket.bucketRegionalDomainName,
            originAccessControlId: access.id,
          },
        ],
        defaultCacheBehavior: {
          targetOriginId: originId,
          viewerProtocolPolicy: 'redirect-to-https',
          allowedMethods: ['GET', 'HEAD'],
          cachedMethods: ['GET', 'HEAD'],
          compress: true,
          // AWS's managed CachingOptimized policy.
          cachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
        },
        restrictions: { geoRestriction: { restrictionType: 'none' } },
        viewerCertificate: { cloudfrontDefaultCertificate: true },
        tags: args.tags,
      },
      child,
    );
    site.writePolicy(`${name}-front-end`, args.region, arn => [
      {
        Sid: 'CloudFrontReads',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: `${arn}/*`,
        Condition: { StringEquals: { 'AWS:SourceArn': distribution.arn } },
      },
    ]);
    return distribution;
  }
}
