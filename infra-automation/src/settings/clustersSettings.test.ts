import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readClustersSettings } from './clustersSettings';

const clustersOf = (clusters: unknown) =>
  readClustersSettings(
    new ConfigReader(clusters === undefined ? {} : { ekyc: { clusters } }),
  );

const dhaka = {
  name: 'bd-dhaka-onprem',
  country: 'BD',
  site: 'bd-dhaka-1',
  url: 'https://k8s.dhaka.example:6443',
  authProvider: 'serviceAccount',
  serviceAccountToken: 'reader-token',
};

describe('readClustersSettings', () => {
  it('is an empty registry where none is configured', () => {
    expect(clustersOf(undefined)).toEqual([]);
  });

  it("reads each cluster's place, reader, deployer kubeconfig and storage", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-clusters-'));
    fs.writeFileSync(path.join(dir, 'deployer'), 'apiVersion: v1\n');
    expect(
      clustersOf([
        {
          ...dhaka,
          prometheusUrl: 'http://prometheus.dhaka.example:9090',
          deployer: { kubeconfigFile: path.join(dir, 'deployer') },
          databaseStorage: 'local-volume:/var/lib/ekyc',
        },
        {
          name: 'eks-sg',
          country: 'SG',
          region: 'ap-southeast-1',
          url: 'https://ABC.eks.amazonaws.com',
          authProvider: 'aws',
        },
      ]),
    ).toEqual([
      {
        place: {
          name: 'bd-dhaka-onprem',
          country: 'BD',
          site: 'bd-dhaka-1',
        },
        reader: {
          url: 'https://k8s.dhaka.example:6443',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'reader-token',
        },
        deployerKubeconfig: 'apiVersion: v1\n',
        databaseStorage: { localVolume: { directory: '/var/lib/ekyc' } },
        prometheusUrl: 'http://prometheus.dhaka.example:9090',
      },
      {
        place: { name: 'eks-sg', country: 'SG', region: 'ap-southeast-1' },
        reader: { url: 'https://ABC.eks.amazonaws.com', authProvider: 'aws' },
        deployerKubeconfig: undefined,
        databaseStorage: { storageClassName: 'standard' },
        prometheusUrl: undefined,
      },
    ]);
  });

  it('names each bad key and what it must be', () => {
    expect(() =>
      clustersOf([
        {
          ...dhaka,
          serviceAccountToken: undefined,
          region: 'ap-southeast-1',
          databaseStorage: 'nfs',
        },
      ]),
    ).toThrow(
      /ekyc\.clusters\.0\.databaseStorage must be "storage-class:<name>".*ekyc\.clusters\.0\.serviceAccountToken is required by authProvider serviceAccount/,
    );
    expect(() =>
      clustersOf([{ ...dhaka, site: undefined, region: 'ap-southeast-1' }]),
    ).toThrow(
      'ekyc.clusters is not valid: ekyc.clusters.0.region ap-southeast-1 is in SG, not BD: set country to SG',
    );
  });

  it('refuses a country without a residency rule, two entries of one name, and a deployer kubeconfig it cannot read', () => {
    expect(() => clustersOf([{ ...dhaka, country: 'XX' }])).toThrow(
      /ekyc\.clusters\.0\.country must be the ISO 3166-1 alpha-2 code/,
    );
    expect(() => clustersOf([dhaka, dhaka])).toThrow(
      'ekyc.clusters.1.name bd-dhaka-onprem is taken by an earlier cluster: each cluster has one entry',
    );
    expect(() =>
      clustersOf([{ ...dhaka, deployer: { kubeconfigFile: '/nonexistent' } }]),
    ).toThrow(
      'ekyc.clusters.0.deployer.kubeconfigFile names /nonexistent, which cannot be read',
    );
  });
});
