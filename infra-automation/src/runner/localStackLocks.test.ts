import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalStackLocks } from './localStackLocks';
import { identityOf } from './runnerProcesses';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-local-locks-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const recordFile = (stackRef: string) =>
  path.join(dir, `${encodeURIComponent(stackRef)}.json`);

/** The identity of a process that ran and has exited. */
async function deadProcess() {
  const child = spawn('sleep', ['30']);
  const identity = identityOf(child.pid!);
  await new Promise(resolve => {
    child.on('exit', resolve);
    child.kill('SIGKILL');
  });
  return identity;
}

describe('LocalStackLocks', () => {
  const locks = new LocalStackLocks(dir);

  it('gives a stack to one holder at a time, and to the next once released', async () => {
    const first = await locks.tryAcquire('ekyc/one', 'task 1 (up)');
    expect(first).not.toHaveProperty('heldBy');
    expect(await locks.tryAcquire('ekyc/one', 'task 2 (up)')).toEqual({
      heldBy: 'task 1 (up)',
    });
    await (first as { release(): Promise<void> }).release();
    const second = await locks.tryAcquire('ekyc/one', 'task 2 (up)');
    expect(second).toMatchObject({ abandonedBy: undefined });
    await (second as { release(): Promise<void> }).release();
    expect(fs.existsSync(recordFile('ekyc/one'))).toBe(false);
  });

  it('takes over the lock of a process that died holding it, and names that operation', async () => {
    const dead = await deadProcess();
    fs.writeFileSync(
      recordFile('ekyc/two'),
      JSON.stringify({ holder: 'task 7 (up)', host: os.hostname(), ...dead }),
    );
    const lock = await locks.tryAcquire('ekyc/two', 'task 8 (up)');
    expect(lock).toMatchObject({ abandonedBy: 'task 7 (up)' });
    expect(await locks.tryAcquire('ekyc/two', 'task 9 (up)')).toEqual({
      heldBy: 'task 8 (up)',
    });
  });

  it('gives a dead holder’s lock to one of two processes taking it over at once', async () => {
    const dead = await deadProcess();
    fs.writeFileSync(
      recordFile('ekyc/three'),
      JSON.stringify({ holder: 'task 1 (up)', host: os.hostname(), ...dead }),
    );
    // Another instance is another "process" for the lock only by its record: both run
    // here, so the loser finds the winner alive.
    const results = await Promise.all([
      locks.tryAcquire('ekyc/three', 'task 2 (up)'),
      new LocalStackLocks(dir).tryAcquire('ekyc/three', 'task 3 (up)'),
    ]);
    expect(results.filter(r => 'heldBy' in r)).toHaveLength(1);
    expect(results.filter(r => 'release' in r)).toHaveLength(1);
  });

  it('does not judge a holder on another host, and says which record to delete', async () => {
    fs.writeFileSync(
      recordFile('ekyc/four'),
      JSON.stringify({
        holder: 'task 4 (up)',
        host: 'another-host',
        pid: 1,
        startedAt: '1',
      }),
    );
    expect(await locks.tryAcquire('ekyc/four', 'task 5 (up)')).toEqual({
      heldBy: `task 4 (up) on another-host (if that operation is gone, delete ${recordFile(
        'ekyc/four',
      )})`,
    });
  });

  it('refuses a record that is not one, naming it', async () => {
    fs.writeFileSync(recordFile('ekyc/five'), 'not json');
    await expect(locks.tryAcquire('ekyc/five', 'task 6 (up)')).rejects.toThrow(
      `${recordFile('ekyc/five')} is not a stack lock record`,
    );
  });
});
