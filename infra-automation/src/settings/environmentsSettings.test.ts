import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readEnvironmentsSettings } from './environmentsSettings';

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
    fs.writeFileSync(path.join(dir, 'kubeconfig'), 'apiVersion: v1\n');
    expect(
      settingsOf({
        pulumi: {
          backendUrl: 'file:///var/lib/ekyc/pulumi',
          passphraseFile: path.join(dir, 'passphrase'),
        },
        kubernetes: { kubeconfigFile: path.join(dir, 'kubeconfig') },
        aws: { dnsZone: 'Z0123456789ABCDEFGHIJ:ekyc.example.com' },
      }),
    ).toEqual({
      pulumi: {
        backendUrl: 'file:///var/lib/ekyc/pulumi',
        passphrase: 'long enough',
      },
      kubernetes: {
        kubeconfig: 'apiVersion: v1\n',
        storage: { storageClassName: 'standard' },
      },
      aws: {
        dnsZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'ekyc.example.com' },
      },
    });
  });

  it('names each bad key and what it must be', () => {
    expect(() =>
      settingsOf({
        pulumi: { backendUrl: 'ftp://state', passphrase: 'x' },
        kubernetes: { storage: 'nfs:share' },
      }),
    ).toThrow(
      /ekyc\.environments\.pulumi\.backendUrl must be a Pulumi backend URL.*ekyc\.environments\.kubernetes\.storage must be "storage-class:<name>"/,
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
