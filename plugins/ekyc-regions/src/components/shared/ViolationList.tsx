import { Typography } from '@material-ui/core';

/**
 * Each violation's or finding's message, which already names the country or site, the
 * rule, what breaks it and the remedy.
 */
export function ViolationList({
  violations,
}: {
  violations: Array<{ message: string }>;
}) {
  return (
    <ul>
      {violations.map(violation => (
        <li key={violation.message}>
          <Typography variant="body2" color="error">
            {violation.message}
          </Typography>
        </li>
      ))}
    </ul>
  );
}
