import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { CountriesResponse } from '@internal/plugin-ekyc-regions-common';
import { ekycRegionsApiRef } from '../../api';
import { countriesResponse, fakeEkycRegionsApi } from '../../testFixtures';
import { CountriesSection } from './CountriesSection';

function renderCountries(countries: CountriesResponse | Error) {
  return renderInTestApp(<CountriesSection />, {
    apis: [[ekycRegionsApiRef, fakeEkycRegionsApi({ countries })]],
  });
}

describe('CountriesSection', () => {
  it('shows a violating country with its rule, evidence and violation message', async () => {
    renderCountries(countriesResponse);
    const row = within(
      (await screen.findByText('Bangladesh (BD)')).closest('tr')!,
    );

    expect(row.getByText('in-country')).toBeInTheDocument();
    expect(row.getByText('sovereign sites in BD')).toBeInTheDocument();
    expect(row.getByText('violating')).toBeInTheDocument();
    expect(
      row.getByText('database replica at cloud region ap-southeast-1'),
    ).toBeInTheDocument();
    expect(
      row.getByText('declared by the stack of resource:default/ekyc-dhaka'),
    ).toBeInTheDocument();
    expect(
      row.getByText('database at sovereign site dhaka-1 (BD)'),
    ).toBeInTheDocument();
    expect(
      row.getByText('running as dhaka/ekyc/cases-db-0'),
    ).toBeInTheDocument();
    expect(
      row.getByText(
        /Bangladesh \(BD\) rule "in-country" forbids its personal data in the database replica at cloud region ap-southeast-1/,
      ),
    ).toBeInTheDocument();
  });

  it('shows a compliant country without violations', async () => {
    renderCountries(countriesResponse);
    const row = within(
      (await screen.findByText('Singapore (SG)')).closest('tr')!,
    );

    expect(row.getByText('compliant')).toBeInTheDocument();
    expect(row.getByText('None')).toBeInTheDocument();
  });

  it('names the sources a verdict could not read', async () => {
    renderCountries({
      ...countriesResponse,
      countries: countriesResponse.countries.map(country => ({
        ...country,
        verdict: 'unknown' as const,
        unavailable: ['cluster dhaka'],
      })),
    });

    expect(
      await screen.findAllByText('Could not read: cluster dhaka'),
    ).toHaveLength(2);
  });

  it('shows the error when the countries cannot be read', async () => {
    renderCountries(new Error('ekyc-regions backend is unreachable'));

    expect(
      await screen.findByText('Error: ekyc-regions backend is unreachable'),
    ).toBeInTheDocument();
  });
});
