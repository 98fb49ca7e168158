import { spawn } from 'node:child_process';
import os from 'node:os';
import {
  endOrphanedProcesses,
  identityOf,
  isAlive,
  ownerMark,
  ownerVariable,
} from './runnerProcesses';

/** A long-running process carrying the owner mark given. */
function markedSleep(mark: string) {
  const child = spawn('sleep', ['60'], {
    env: { ...process.env, [ownerVariable]: mark },
  });
  const exited = new Promise(resolve => child.on('exit', resolve));
  return { child, exited };
}

describe('runner processes', () => {
  it('tells a live process from a dead one, and a reused pid from its first process', async () => {
    const child = spawn('sleep', ['30']);
    const identity = identityOf(child.pid!);
    expect(isAlive(identity)).toBe(true);
    expect(isAlive({ ...identity, startedAt: '1' })).toBe(false);
    await new Promise(resolve => {
      child.on('exit', resolve);
      child.kill('SIGKILL');
    });
    expect(isAlive(identity)).toBe(false);
  });

  it('ends the processes of a dead owner on this host, and only those', async () => {
    const owner = spawn('sleep', ['30']);
    const ownerIdentity = identityOf(owner.pid!);
    await new Promise(resolve => {
      owner.on('exit', resolve);
      owner.kill('SIGKILL');
    });
    const orphan = markedSleep(ownerMark(ownerIdentity));
    const ours = markedSleep(ownerMark());
    const elsewhere = markedSleep(
      `another-host/${ownerIdentity.pid}/${ownerIdentity.startedAt}`,
    );
    try {
      // Let the children exec, so that /proc shows their own environment.
      await new Promise(resolve => setTimeout(resolve, 200));
      expect(await endOrphanedProcesses()).toBeGreaterThanOrEqual(1);
      await orphan.exited;
      expect(isAlive(identityOf(ours.child.pid!))).toBe(true);
      expect(isAlive(identityOf(elsewhere.child.pid!))).toBe(true);
      expect(os.hostname()).not.toBe('another-host');
    } finally {
      ours.child.kill('SIGKILL');
      elsewhere.child.kill('SIGKILL');
    }
  });
});
