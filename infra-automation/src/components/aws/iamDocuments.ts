/** IAM policy documents shared by the components, as JSON strings. */

export function assumedBy(service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
      },
    ],
  });
}

/** Trust for one Kubernetes service account through the cluster's OIDC issuer (IRSA). */
export function assumedByServiceAccount(
  oidcProviderArn: string,
  oidcIssuerUrl: string,
  namespace: string,
  serviceAccount: string,
): string {
  const issuer = oidcIssuerUrl.replace(/^https:\/\//, '');
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: oidcProviderArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${issuer}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ],
  });
}
