import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { residencyRules, servedCountryCodes } from '@internal/ekyc-domain';
import { refuseResidencyViolations, ResidencySelect } from './ResidencySelect';

/**
 * The sovereign site's country: choosing one shows its rule and where its data may live;
 * a form whose replicas break the rule cannot be submitted.
 */
export const countryResidencyField = createFormField({
  name: 'EkycCountryResidency',
  component: field => {
    const rule = field.formData
      ? residencyRules[field.formData as keyof typeof residencyRules]
      : undefined;
    return (
      <ResidencySelect
        field={field}
        defaultLabel="Country"
        options={servedCountryCodes.map(code => ({
          value: code,
          label: `${residencyRules[code].countryName} (${code})`,
        }))}
        note={
          rule &&
          `Rule “${rule.rule}”: ${
            rule.summary
          } Data may live in: ${rule.allowedLocations
            .map(l =>
              l.type === 'cloud-region'
                ? l.region
                : `sovereign sites in ${l.country}`,
            )
            .join(', ')}.`
        }
      />
    );
  },
  validation: refuseResidencyViolations,
});
