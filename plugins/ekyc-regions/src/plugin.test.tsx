import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { ekycRegionsEntityContent } from './extensions';
import { ekycRegionsPlugin } from './plugin';
import { fixtureAppOptions } from './testFixtures';

function entity(kind: string, name: string, type?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name },
    spec: type ? { type } : {},
  };
}

describe('ekyc-regions plugin', () => {
  it('shows the entity tab on environment Resources and the ekyc System only', () => {
    const filter = createExtensionTester(ekycRegionsEntityContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    const showsTab = (subject: Entity) => filter?.(subject) ?? false;

    expect(showsTab(entity('Resource', 'ekyc-sg', 'ekyc-region'))).toBe(true);
    expect(
      showsTab(entity('Resource', 'ekyc-dhaka', 'ekyc-sovereign-site')),
    ).toBe(true);
    expect(showsTab(entity('System', 'ekyc'))).toBe(true);
    expect(showsTab(entity('Resource', 'cases-db', 'database'))).toBe(false);
    expect(showsTab(entity('System', 'billing'))).toBe(false);
    expect(showsTab(entity('Component', 'ekyc', 'ekyc-region'))).toBe(false);
  });

  it('serves the page at /ekyc-regions with Regions and Countries tabs and a nav item', async () => {
    renderTestApp({
      features: [ekycRegionsPlugin],
      ...fixtureAppOptions,
      initialRouteEntries: ['/ekyc-regions'],
    });

    expect(
      await screen.findByRole('heading', { name: 'dhaka-1' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Regions' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Countries' })).toBeInTheDocument();
    const nav = within(screen.getByRole('navigation', { name: 'sidebar nav' }));
    expect(nav.getByRole('link', { name: 'eKYC regions' })).toHaveAttribute(
      'href',
      '/ekyc-regions',
    );
  });
});
