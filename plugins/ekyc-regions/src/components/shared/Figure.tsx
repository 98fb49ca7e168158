import { ReactNode } from 'react';
import { Box, makeStyles, Typography } from '@material-ui/core';
import WarningIcon from '@material-ui/icons/ReportProblemOutlined';
import { Figures } from '@internal/plugin-ekyc-regions-common';

const useStyles = makeStyles(theme => ({
  icon: {
    color: theme.palette.warning.main,
    marginRight: theme.spacing(1),
  },
}));

/**
 * A source's figures, or why that source could not be read. Only these figures give
 * way: the rest of the card keeps showing what its own sources said.
 */
export function Figure<T>({
  label,
  figures,
  children,
}: {
  label: string;
  figures: Figures<T>;
  children: (value: T) => ReactNode;
}) {
  const classes = useStyles();
  if (figures.status === 'available') return <>{children(figures.value)}</>;
  return (
    <Box display="flex" alignItems="flex-start">
      <WarningIcon fontSize="small" className={classes.icon} />
      <div>
        <Typography variant="body2">{`${label} unavailable: ${figures.error}`}</Typography>
        <Typography variant="caption" color="textSecondary">
          Source: {figures.source}
        </Typography>
      </div>
    </Box>
  );
}
