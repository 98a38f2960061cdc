// An access key as request signing needs it: its secret (opened from the sealed column) and the
// Caller it authenticates. Looked up once, then kept at the epoch read before the lookup, like
// sessions (authenticator.ts): a warm signed request costs no statement of its own, and a key
// made inactive or deleted bumps the epoch (the migration's triggers), so the very next request
// reloads it, in every process. Inactive keys are kept too, so refusing them costs no statement.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { formatArn } from '../domain/arn.ts';
import type { Caller } from './caller.ts';
import { CredentialCache, type CredentialsEpochRead } from './credential-cache.ts';
import type { SecretBox } from './secret-box.ts';

export type AccessKeyCredential = { usable: true; secret: string; caller: Caller } | { usable: false };

/** The shape of every key id Gatehouse issues (tokens.ts newKeyId): anything else is not looked up. */
export const ACCESS_KEY_ID = /^AKIA[A-Z0-9]{16}$/;

export class AccessKeyCredentials {
  readonly #cache = new CredentialCache<AccessKeyCredential>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly partition: string,
    private readonly secrets: SecretBox,
  ) {}

  /** The key's secret and caller when it exists and is Active; undefined otherwise. */
  async find(accessKeyId: string, readEpoch: CredentialsEpochRead): Promise<{ secret: string; caller: Caller } | undefined> {
    if (!ACCESS_KEY_ID.test(accessKeyId)) return undefined;
    // Read before the row: a revocation committed in between then only costs a reload.
    const cachedKey = this.#cache.peek(accessKeyId);
    const epoch = await readEpoch(cachedKey?.usable ? cachedKey.caller.accountId : undefined);
    let credential = this.#cache.get(accessKeyId, epoch);
    if (!credential) {
      credential = await this.#load(accessKeyId);
      // Unknown ids are not kept: anyone can make them up, and they would crowd out real keys.
      if (credential) this.#cache.set(accessKeyId, epoch, credential);
    }
    return credential?.usable ? credential : undefined;
  }

  async #load(accessKeyId: string): Promise<AccessKeyCredential | undefined> {
    const key = await this.prisma.accessKey.findUnique({
      where: { id: accessKeyId },
      select: { status: true, secretEncrypted: true, user: { select: { id: true, accountId: true, name: true, path: true } } },
    });
    if (!key) return undefined;
    if (key.status !== 'Active') return { usable: false };
    let secret: string;
    try {
      secret = this.secrets.open(key.secretEncrypted, accessKeyId);
    } catch {
      // Sealed under another master key (or altered): the key cannot sign anything here.
      return { usable: false };
    }
    const { user } = key;
    const caller: Caller = {
      accountId: user.accountId,
      arn: formatArn(this.partition, user.accountId, 'user', user.path, user.name),
      type: 'User',
      userId: user.id,
      userName: user.name,
      credential: { kind: 'AccessKey', accessKeyId },
    };
    return { usable: true, secret, caller };
  }
}
