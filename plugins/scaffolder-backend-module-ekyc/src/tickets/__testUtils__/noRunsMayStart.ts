import { ScaffolderTasks } from '../scaffolderTasks';

/** For tests whose requests must never reach the scaffolder (it is not started there). */
export const noRunsMayStart: ScaffolderTasks = {
  start: async () => {
    throw new Error('no run may start in this test');
  },
  result: async () => {
    throw new Error('no run may start in this test');
  },
  status: async () => {
    throw new Error('no run may start in this test');
  },
  dryRun: async () => {
    throw new Error('no run may start in this test');
  },
};
