// The master key that seals access-key secrets and TOTP seeds: GATEHOUSE_MASTER_KEY when set,
// else a key generated once into the data directory (readable by its owner only). Losing it
// loses every access key and MFA device, so the generated one comes with a warning.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const MASTER_KEY_FILE = 'master.key';

export async function loadMasterKey(configured: Buffer | undefined, dataDir: string, warn: (message: string) => void): Promise<Buffer> {
  if (configured) return configured;
  const file = path.join(dataDir, MASTER_KEY_FILE);
  try {
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold 32 bytes in base64`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await mkdir(dataDir, { recursive: true });
  // `wx`: two processes starting together must not each write a key of their own.
  try {
    await writeFile(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadMasterKey(undefined, dataDir, warn);
    throw error;
  }
  warn(`generated a master key into ${file}: set GATEHOUSE_MASTER_KEY in production, and back it up; without it access keys and MFA devices cannot be used`);
  return key;
}
