import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { fixtureAppOptions } from '../../testFixtures';
import { EkycRegionsEntityContent } from './EkycRegionsEntityContent';

function renderFor(entity: Entity) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EkycRegionsEntityContent />
    </EntityProvider>,
    {
      ...fixtureAppOptions,
    },
  );
}

function environment(name: string, annotations?: Record<string, string>) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'ekyc-sovereign-site', owner: 'group:default/platform-team' },
  };
}

describe('EkycRegionsEntityContent', () => {
  it('on an environment shows only its site and the countries it serves', async () => {
    renderFor(environment('ekyc-dhaka'));

    expect(
      await screen.findByRole('heading', { name: 'dhaka-1' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'ap-southeast-1' }),
    ).not.toBeInTheDocument();
    expect(screen.getByText('Bangladesh (BD)')).toBeInTheDocument();
    expect(screen.queryByText('Singapore (SG)')).not.toBeInTheDocument();
  });

  it('on an environment no site lists says so, and takes its countries from its annotation', async () => {
    renderFor(
      environment('ekyc-jakarta', { 'ekyc.io/served-countries': 'SG' }),
    );

    expect(
      await screen.findByText('No site lists this environment'),
    ).toBeInTheDocument();
    expect(screen.getByText('Singapore (SG)')).toBeInTheDocument();
    expect(screen.queryByText('Bangladesh (BD)')).not.toBeInTheDocument();
  });

  it('on the ekyc System shows every region and every country', async () => {
    renderFor({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'ekyc', namespace: 'default' },
      spec: { owner: 'group:default/platform-team' },
    });

    expect(
      await screen.findByRole('heading', { name: 'ap-southeast-1' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'dhaka-1' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('Bangladesh (BD)')).toBeInTheDocument();
    expect(screen.getByText('Singapore (SG)')).toBeInTheDocument();
  });
});
