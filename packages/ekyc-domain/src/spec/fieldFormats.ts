import { z } from 'zod';
import { servedCountryCodes } from '../residency/locations';

// Field formats the spec and the cluster registry share.

/** A DNS label: lowercase letters, digits and hyphens, starting with a letter. */
export const dnsLabel = (what: string, maxLength: number) =>
  z
    .string()
    .regex(
      new RegExp(`^[a-z](?:[a-z0-9-]{0,${maxLength - 2}}[a-z0-9])?$`),
      `${what} must be lowercase letters, digits and hyphens, start with a letter, not end with a hyphen, and be at most ${maxLength} characters (e.g. "bd-dhaka-1")`,
    );

// A country without a residency rule cannot hold anyone's data, so an unknown code is
// refused on the field that holds it, naming the codes that have one.
export const countryCode = z.enum(servedCountryCodes, {
  error: () =>
    `must be the ISO 3166-1 alpha-2 code, in capitals, of a country the eKYC system serves: one of ${servedCountryCodes.join(
      ', ',
    )} (a country not listed has no residency rule yet; the platform team adds one before its data is stored)`,
});

export const cloudRegion = z
  .string()
  .regex(
    /^[a-z]{2}(?:-[a-z]+)+-\d$/,
    'must be a cloud region name such as "ap-southeast-1"',
  );

/** A cluster's name, as the kubernetes plugin and the catalog know it. */
export const clusterName = dnsLabel('cluster', 63);

/**
 * The catalog group that owns something. It becomes a Kubernetes label value and an AWS
 * tag: at most 63 characters, starting and ending with a letter or digit.
 */
export const ownerRef = z
  .string()
  .regex(
    /^(?:group:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\/)?)?[a-z0-9](?:[a-z0-9._-]{0,61}[a-z0-9])?$/,
    'must be a catalog group, e.g. "group:default/platform-team": lowercase letters, digits, ".", "_" and "-", starting and ending with a letter or digit, at most 63 characters',
  );
