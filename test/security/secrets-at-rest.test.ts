// No secret outlives its creation payload in the clear: after creating a root password, a user
// password, a session token, an access-key secret and a TOTP seed through the API, a dump of
// every table, every log line the server wrote, and a broad query of everything readable are
// searched for each of them.
import { createHmac } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestApi, type TestApi } from '../support/api-harness.ts';

const logLines: string[] = [];
let api: TestApi;
let now = new Date('2026-12-01T12:00:00.000Z');
beforeAll(async () => {
  api = await startTestApi({ logSink: (line) => logLines.push(line), clock: () => now });
});
afterAll(async () => api?.stop());

/** Every row of every table of the public schema, as PostgreSQL's text form of the row. */
async function dumpDatabase(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    const parts: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name.replace(/"/g, '""')}" t`);
      parts.push(`-- ${table_name}`, ...rows.rows.map((r) => r.row));
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

const base32Decode = (text: string): Buffer => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/=+$/, '')) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  return Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
};
const totp = (seed: string, at: Date) => {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / 30_000)));
  const mac = createHmac('sha1', base32Decode(seed)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
};

describe('secrets at rest', () => {
  const secrets: Record<string, string> = {};

  it('are created through the API', async () => {
    const account = dataOf(
      await api.gql('mutation { createAccount(input: {accountName: "secretive", email: "secretive@x.test"}) { account { accountId } rootPassword } }'),
    ).createAccount;
    secrets.rootPassword = account.rootPassword;
    secrets.userPassword = 'a password nobody else knows 7';
    dataOf(await api.gql('mutation { createUser(input: {userName: "keeper"}) { user { userName } } }'));
    dataOf(await api.gql('mutation($p: String!) { createLoginProfile(input: {userName: "keeper", password: $p}) { loginProfile { userName } } }', { p: secrets.userPassword }));
    const key = dataOf(await api.gql('mutation { createAccessKey(input: {userName: "keeper"}) { accessKey { accessKeyId secretAccessKey } } }')).createAccessKey.accessKey;
    secrets.accessKeySecret = key.secretAccessKey;
    const device = dataOf(await api.gql('mutation { createVirtualMFADevice(input: {virtualMFADeviceName: "keeper-phone"}) { virtualMFADevice { serialNumber } base32StringSeed } }')).createVirtualMFADevice;
    secrets.seed = device.base32StringSeed;
    secrets.seedHex = base32Decode(device.base32StringSeed).toString('hex');
    const code1 = totp(secrets.seed!, now);
    const code2 = totp(secrets.seed!, new Date(now.getTime() + 30_000));
    now = new Date(now.getTime() + 30_000);
    dataOf(await api.gql('mutation($s: String!, $a: String!, $b: String!) { enableMFADevice(input: {userName: "keeper", serialNumber: $s, authenticationCode1: $a, authenticationCode2: $b}) { mfaDevice { serialNumber } } }', { s: device.virtualMFADevice.serialNumber, a: code1, b: code2 }));
    now = new Date(now.getTime() + 30_000);
    secrets.sessionToken = await api.signIn({ account: api.accountId, userName: 'keeper', password: secrets.userPassword, mfaCode: totp(secrets.seed!, now) });
    secrets.rootSessionToken = api.token;
    expect(Object.values(secrets).every((secret) => typeof secret === 'string' && secret.length >= 20)).toBe(true);
  });

  it('are not in the database, in any table', async () => {
    const dump = await dumpDatabase(api.database.url);
    expect(dump).toContain('keeper'); // the dump holds the data...
    for (const [name, secret] of Object.entries(secrets)) expect(dump.includes(secret), name).toBe(false); // ...but no secret
    expect(dump.toLowerCase().includes(secrets.seed!.toLowerCase())).toBe(false);
  });

  it('are not in any log line', () => {
    expect(logLines.length).toBeGreaterThan(5);
    const log = logLines.join('\n');
    for (const [name, secret] of Object.entries(secrets)) expect(log.includes(secret), name).toBe(false);
  });

  it('are in no query result after their creation payload', async () => {
    const everything = await api.gql(`{
      account { accountId accountName email }
      callerIdentity { arn }
      users { nodes { userName loginProfile { createDate passwordResetRequired } accessKeys { accessKeyId status accessKeyLastUsed { lastUsedDate } } mfaDevices { serialNumber enableDate } } }
      virtualMFADevices(assignmentStatus: ANY) { nodes { serialNumber userName } }
      accessKeys(userName: "keeper") { accessKeyId }
    }`);
    const text = JSON.stringify(dataOf(everything));
    expect(text).toContain('keeper');
    for (const [name, secret] of Object.entries(secrets).filter(([name]) => name !== 'rootSessionToken')) expect(text.includes(secret), name).toBe(false);
  });
});
