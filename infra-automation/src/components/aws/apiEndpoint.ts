import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** The API's global name in a zone, which the topology routes per country. */
export function globalApiName(zoneName: string): string {
  return `api.${zoneName}`;
}

/** Route 53's check of an API endpoint: HTTPS /healthz every 10 s, down after 3 misses. */
export function apiHealthCheck(
  name: string,
  fqdn: pulumi.Input<string>,
  tags: Record<string, string>,
  opts: pulumi.CustomResourceOptions,
): aws.route53.HealthCheck {
  return new aws.route53.HealthCheck(
    name,
    {
      type: 'HTTPS',
      fqdn,
      port: 443,
      resourcePath: '/healthz',
      requestInterval: 10,
      failureThreshold: 3,
      tags,
    },
    opts,
  );
}
