import fs from 'node:fs';
import os from 'node:os';

/**
 * Marks every Pulumi process a runner starts (the CLI and, inheriting its environment,
 * the language host, the policy analyzer and the providers) with the process that owns
 * it, so that they can be found and ended when that process exits or dies.
 */
export const ownerVariable = 'EKYC_RUNNER_OWNER';

const procDir = '/proc';

/** A process's identity that survives pid reuse: its pid and its start time. */
export interface ProcessIdentity {
  pid: number;
  startedAt: string;
}

/** Fields 3 onwards of a process's stat line, or undefined if it is gone. */
function statOf(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`${procDir}/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted
    // from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** The start time of a process (clock ticks since boot, field 22). */
const startTimeOf = (pid: number) => statOf(pid)?.[19];

/** Whether the process runs (a zombie has ended, waiting only to be reaped). */
const isRunning = (pid: number) => {
  const state = statOf(pid)?.[0];
  return state !== undefined && state !== 'Z';
};

export function identityOf(pid: number): ProcessIdentity {
  return { pid, startedAt: startTimeOf(pid) ?? 'unknown' };
}

/** Whether the process is still the one identified (a reused pid is another process). */
export function isAlive({ pid, startedAt }: ProcessIdentity): boolean {
  const started = startTimeOf(pid);
  if (started !== undefined) return started === startedAt && isRunning(pid);
  // Without /proc (not Linux), only whether some process has the pid.
  if (fs.existsSync(procDir)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const thisProcess = (): ProcessIdentity => identityOf(process.pid);

export function ownerMark(owner: ProcessIdentity = thisProcess()): string {
  return `${os.hostname()}/${owner.pid}/${owner.startedAt}`;
}

interface MarkedProcess {
  pid: number;
  owner: ProcessIdentity & { host: string };
}

/** This host's processes that carry an owner mark (only those this user may read). */
function markedProcesses(): MarkedProcess[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(procDir);
  } catch {
    return [];
  }
  const found: MarkedProcess[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let environ: string;
    try {
      environ = fs.readFileSync(`${procDir}/${entry}/environ`, 'utf8');
    } catch {
      continue;
    }
    const mark = environ
      .split('\0')
      .find(variable => variable.startsWith(`${ownerVariable}=`));
    const [host, pid, startedAt] =
      mark?.slice(ownerVariable.length + 1).split('/') ?? [];
    if (!host || !pid || !startedAt) continue;
    found.push({
      pid: Number(entry),
      owner: { host, pid: Number(pid), startedAt },
    });
  }
  return found;
}

function kill(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}

/**
 * Ends the Pulumi processes on this host whose owner died (a portal or CLI killed
 * with kill -9 leaves its CLI and plugins running, still applying and still holding
 * the stack), and waits until they are gone. Answers how many there were.
 */
export async function endOrphanedProcesses(): Promise<number> {
  const host = os.hostname();
  const orphans = markedProcesses()
    .filter(({ owner }) => owner.host === host && !isAlive(owner))
    .map(({ pid }) => pid);
  kill(orphans);
  const deadline = Date.now() + 10_000;
  while (orphans.some(isRunning) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  return orphans.length;
}

/**
 * Ends this process's Pulumi processes when it exits, whatever the operation was
 * doing: an operation cut short is resumed by the next one, which clears its lock.
 */
export function endOwnProcessesOnExit(): void {
  if (process.listeners('exit').includes(endOwnProcesses)) return;
  process.on('exit', endOwnProcesses);
}

function endOwnProcesses(): void {
  const self = ownerMark();
  kill(
    markedProcesses()
      .filter(
        ({ owner }) => `${owner.host}/${owner.pid}/${owner.startedAt}` === self,
      )
      .map(({ pid }) => pid),
  );
}
