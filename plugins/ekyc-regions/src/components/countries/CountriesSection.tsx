import { BackendAnswer } from '../shared/BackendAnswer';
import { CountriesTable } from './CountriesTable';

/** The residency verdict of every served country, read from the backend. */
export function CountriesSection() {
  return (
    <BackendAnswer read={api => api.getCountries()}>
      {response => <CountriesTable countries={response.countries} />}
    </BackendAnswer>
  );
}
