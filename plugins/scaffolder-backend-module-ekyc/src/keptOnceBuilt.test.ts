import { keptOnceBuilt } from './keptOnceBuilt';

describe('keptOnceBuilt', () => {
  it('shares one build between concurrent calls and keeps it', async () => {
    const build = jest.fn(async () => ({ runner: 'one' }));
    const built = keptOnceBuilt(build);
    const [first, second] = await Promise.all([built(), built()]);
    expect(first).toBe(second);
    expect(await built()).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('builds again after a failure instead of keeping the error', async () => {
    const build = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error('the Pulumi CLI is not installed'))
      .mockResolvedValueOnce('runner');
    const built = keptOnceBuilt(build);
    await expect(built()).rejects.toThrow('the Pulumi CLI is not installed');
    expect(await built()).toBe('runner');
    expect(build).toHaveBeenCalledTimes(2);
  });
});
