import { Typography } from '@material-ui/core';
import { ResidencyViolation } from '@internal/ekyc-domain';

/** Each violation's message, which already names the country, rule, store and remedy. */
export function ViolationList({
  violations,
}: {
  violations: ResidencyViolation[];
}) {
  return (
    <ul>
      {violations.map(violation => (
        <li
          key={`${violation.country}:${violation.store}:${violation.message}`}
        >
          <Typography variant="body2" color="error">
            {violation.message}
          </Typography>
        </li>
      ))}
    </ul>
  );
}
