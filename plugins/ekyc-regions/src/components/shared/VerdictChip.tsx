import { Chip, makeStyles } from '@material-ui/core';
import { ResidencyVerdict } from '@internal/plugin-ekyc-regions-common';

const useStyles = makeStyles(theme => ({
  compliant: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  violating: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  unknown: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  noData: {
    backgroundColor: theme.palette.grey[300],
    color: theme.palette.getContrastText(theme.palette.grey[300]),
  },
}));

const verdicts: Record<
  ResidencyVerdict,
  { label: string; meaning: string; style: keyof ReturnType<typeof useStyles> }
> = {
  compliant: {
    label: 'compliant',
    meaning: 'Every store seen complies with the residency rules',
    style: 'compliant',
  },
  violating: {
    label: 'violating',
    meaning: 'A store holds personal data where its country’s rule forbids it',
    style: 'violating',
  },
  'no-data': {
    label: 'no data',
    meaning: 'No store holds personal data here',
    style: 'noData',
  },
  unknown: {
    label: 'unknown',
    meaning: 'A source needed to judge could not be read',
    style: 'unknown',
  },
};

export function VerdictChip({ verdict }: { verdict: ResidencyVerdict }) {
  const classes = useStyles();
  const { label, meaning, style } = verdicts[verdict];
  return (
    <Chip
      size="small"
      label={label}
      title={meaning}
      className={classes[style]}
    />
  );
}
