import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { StackLock, StackLocks } from './stackLocks';
import { isAlive, thisProcess } from './runnerProcesses';

const lockRecord = z.object({
  holder: z.string(),
  host: z.string(),
  pid: z.number(),
  startedAt: z.string(),
});
type LockRecord = z.infer<typeof lockRecord>;

const fileOf = (dir: string, stackRef: string) =>
  path.join(dir, `${encodeURIComponent(stackRef)}.json`);

/**
 * Stack locks for the processes of one machine that share a file backend (the
 * embedded portal and `ekyc-infra`): a file per held stack, created exclusively,
 * naming the holder and its process. A lock whose process is gone was abandoned, and
 * is taken over by the next operation.
 */
export class LocalStackLocks implements StackLocks {
  constructor(private readonly dir: string) {}

  async tryAcquire(
    stackRef: string,
    holder: string,
  ): Promise<StackLock | { heldBy: string }> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = fileOf(this.dir, stackRef);
    const record: LockRecord = {
      holder,
      host: os.hostname(),
      ...thisProcess(),
    };
    let abandonedBy: string | undefined;
    for (;;) {
      if (await this.create(file, record)) break;
      const current = await this.read(file);
      if (!current) continue;
      if (current.host !== record.host) {
        return {
          heldBy: `${current.holder} on ${current.host} (if that operation is gone, delete ${file})`,
        };
      }
      if (isAlive(current)) return { heldBy: current.holder };
      // Taken over by whoever renames the dead record away first. A process that
      // read the same dead record may rename only after another has put its own
      // live record in place: what it moved is checked, and a live record is put
      // back before it tries again.
      const claimed = `${file}.${record.pid}.${randomBytes(4).toString('hex')}`;
      if (
        !(await fs.rename(file, claimed).then(
          () => true,
          () => false,
        ))
      ) {
        continue;
      }
      const moved = await this.read(claimed).catch(() => undefined);
      if (moved?.pid === current.pid && moved.startedAt === current.startedAt) {
        abandonedBy = current.holder;
      } else {
        await fs.link(claimed, file).catch(() => undefined);
      }
      await fs.rm(claimed, { force: true });
    }
    return {
      abandonedBy,
      release: async () => {
        const current = await this.read(file);
        if (
          current?.pid === record.pid &&
          current.startedAt === record.startedAt
        ) {
          await fs.rm(file, { force: true });
        }
      },
    };
  }

  /**
   * Creates the record whole or not at all: written aside, then linked into place,
   * which fails if a record is there.
   */
  private async create(file: string, record: LockRecord): Promise<boolean> {
    const aside = `${file}.${record.pid}.${randomBytes(4).toString('hex')}.new`;
    await fs.writeFile(aside, JSON.stringify(record), { mode: 0o600 });
    try {
      await fs.link(aside, file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await fs.rm(aside, { force: true });
    }
  }

  private async read(file: string): Promise<LockRecord | undefined> {
    const text = await fs.readFile(file, 'utf8').catch(error => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text === undefined) return undefined;
    const parsed = lockRecord.safeParse(
      (() => {
        try {
          return JSON.parse(text);
        } catch {
          return undefined;
        }
      })(),
    );
    if (parsed.success) return parsed.data;
    throw new Error(
      `${file} is not a stack lock record (edited by hand?): delete it if no operation on the stack is running`,
    );
  }
}
