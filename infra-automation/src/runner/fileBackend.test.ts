import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pulumiBackendUrl, removeEmptySidecars } from './fileBackend';

describe('pulumiBackendUrl', () => {
  it('tells a file backend to write no metadata sidecars, keeping its own options', () => {
    expect(pulumiBackendUrl('file:///var/lib/ekyc/state')).toBe(
      'file:///var/lib/ekyc/state?metadata=skip',
    );
    expect(pulumiBackendUrl('file:///state?no_tmp_dir=false')).toBe(
      'file:///state?no_tmp_dir=false&metadata=skip',
    );
  });

  it('leaves every other backend as it is', () => {
    const url =
      'postgres://pulumi:secret@db.internal:5432/state?sslmode=require';
    expect(pulumiBackendUrl(url)).toBe(url);
    expect(pulumiBackendUrl('s3://bucket?region=ap-southeast-1')).toBe(
      's3://bucket?region=ap-southeast-1',
    );
  });
});

describe('removeEmptySidecars', () => {
  it("removes only the stack's empty sidecars", async () => {
    const backend = fs.mkdtempSync(
      path.join(os.tmpdir(), 'ekyc-file-backend-'),
    );
    const stacks = path.join(backend, '.pulumi', 'stacks', 'ekyc-environments');
    fs.mkdirSync(stacks, { recursive: true });
    const write = (name: string, text: string) =>
      fs.writeFileSync(path.join(stacks, name), text);
    write('bd-dhaka-1.json', '{}');
    write('bd-dhaka-1.json.attrs', '');
    write('bd-dhaka-1.json.bak.attrs', '{"md5":"x"}');
    write('bd-dhaka-10.json.attrs', '');
    try {
      expect(
        await removeEmptySidecars(backend, 'ekyc-environments', 'bd-dhaka-1'),
      ).toEqual(['bd-dhaka-1.json.attrs']);
      expect(fs.readdirSync(stacks).sort()).toEqual([
        'bd-dhaka-1.json',
        'bd-dhaka-1.json.bak.attrs',
        'bd-dhaka-10.json.attrs',
      ]);
      expect(
        await removeEmptySidecars(backend, 'ekyc-environments', 'none'),
      ).toEqual([]);
    } finally {
      fs.rmSync(backend, { recursive: true, force: true });
    }
  });
});
