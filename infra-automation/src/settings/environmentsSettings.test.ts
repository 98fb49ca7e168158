import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import {
  readEnvironmentsSettings,
  stateBackendOf,
} from './environmentsSettings';

const settingsOf = (environments: unknown) =>
  readEnvironmentsSettings(
    new ConfigReader(
      environments === undefined ? {} : { ekyc: { environments } },
    ),
  );

describe('readEnvironmentsSettings', () => {
  it('is undefined where environments are not configured', () => {
    expect(settingsOf(undefined)).toBeUndefined();
  });

  it('reads the files it names and fills the defaults', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-settings-'));
    fs.writeFileSync(path.join(dir, 'passphrase'), 'long enough\n');
    expect(
      settingsOf({
        pulumi: {
          backendUrl: 'file:///var/lib/ekyc/pulumi',
          passphraseFile: path.join(dir, 'passphrase'),
        },
        aws: { dnsZone: 'Z0123456789ABCDEFGHIJ:ekyc.example.com' },
      }),
    ).toEqual({
      pulumi: {
        backendUrl: 'file:///var/lib/ekyc/pulumi',
        passphrase: 'long enough',
        stateBackends: [],
      },
      aws: {
        dnsZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'ekyc.example.com' },
        clusterApi: { access: 'private' },
      },
    });
  });

  it("puts an environment's stack in the state backend that names it, others in the default", () => {
    const pulumi = settingsOf({
      pulumi: {
        backendUrl: 'postgres://portal@pg.sg.internal:5432/pulumi',
        passphrase: 'shared secret',
        stateBackends: [
          {
            environments: ['bd-dhaka-1'],
            backendUrl: 'postgres://portal@pg.dhaka.internal:5432/pulumi',
            passphrase: 'bd secret',
            secretsProvider: 'awskms://alias/ekyc-bd',
          },
        ],
      },
    })!.pulumi;
    expect(stateBackendOf(pulumi, 'bd-dhaka-1')).toEqual({
      backendUrl: 'postgres://portal@pg.dhaka.internal:5432/pulumi',
      passphrase: 'bd secret',
      secretsProvider: 'awskms://alias/ekyc-bd',
    });
    expect(stateBackendOf(pulumi, 'sg-region-1')).toEqual({
      backendUrl: 'postgres://portal@pg.sg.internal:5432/pulumi',
      passphrase: 'shared secret',
    });
  });

  it('refuses an environment named by two state backends, or one without a passphrase', () => {
    const backend = {
      environments: ['bd-dhaka-1'],
      backendUrl: 'file:///var/lib/ekyc/bd',
      passphrase: 'bd secret',
    };
    const withBackends = (stateBackends: unknown[]) => () =>
      settingsOf({
        pulumi: {
          backendUrl: 'file:///var/lib/ekyc/pulumi',
          passphrase: 'x',
          stateBackends,
        },
      });
    expect(withBackends([backend, backend])).toThrow(
      "ekyc.environments.pulumi.stateBackends.1.environments names bd-dhaka-1, which stateBackends.0 names too: an environment's state lives in one backend",
    );
    expect(withBackends([{ ...backend, passphrase: undefined }])).toThrow(
      'ekyc.environments.pulumi.stateBackends.0 needs passphrase or passphraseFile',
    );
    expect(withBackends([{ ...backend, environments: ['BD 1'] }])).toThrow(
      /ekyc\.environments\.pulumi\.stateBackends\.0\.environments\.0/,
    );
  });

  it('names each bad key and what it must be', () => {
    expect(() =>
      settingsOf({
        pulumi: { backendUrl: 'ftp://state', passphrase: 'x' },
        aws: {
          clusterApi: { access: 'allowed-cidrs', allowedCidrs: ['0.0.0.0/0'] },
        },
      }),
    ).toThrow(
      /ekyc\.environments\.pulumi\.backendUrl must be a Pulumi backend URL.*ekyc\.environments\.aws\.clusterApi\.allowedCidrs\.0 must be no wider than \/8/,
    );
  });

  it('says where the single cluster of earlier versions went', () => {
    expect(() =>
      settingsOf({
        pulumi: { backendUrl: 'file:///var/lib/ekyc/pulumi', passphrase: 'x' },
        kubernetes: { kubeconfigFile: '/etc/kubeconfig' },
      }),
    ).toThrow(
      'ekyc.environments.kubernetes moved to ekyc.clusters: give each cluster its place, how the portal reads it, deployer.kubeconfigFile and databaseStorage',
    );
  });

  it('says which key is missing', () => {
    expect(() => settingsOf({ localCatalogDir: '/tmp/catalog' })).toThrow(
      'ekyc.environments.pulumi is required: set backendUrl and a passphrase',
    );
    expect(() =>
      settingsOf({ pulumi: { backendUrl: 'file:///var/lib/ekyc/pulumi' } }),
    ).toThrow('ekyc.environments.pulumi needs passphrase or passphraseFile');
  });

  it('names a file it cannot read', () => {
    expect(() =>
      settingsOf({
        pulumi: {
          backendUrl: 'file:///var/lib/ekyc/pulumi',
          passphraseFile: '/nonexistent/passphrase',
        },
      }),
    ).toThrow(
      'ekyc.environments.pulumi.passphraseFile names /nonexistent/passphrase, which cannot be read',
    );
  });
});
