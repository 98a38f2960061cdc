// The one entry of authentication: a request in, its Caller (or nobody, or a refusal) out.
// Nothing else in the service reads credentials. Two kinds are accepted:
//   Authorization: Bearer <session token>          (from signIn)
//   Authorization: AWS4-HMAC-SHA256 Credential=... (an access key's AWS Signature Version 4)
import type { PrismaClient } from '../generated/prisma/client.ts';
import { accountRootArn, formatArn } from '../domain/arn.ts';
import type { Caller } from './caller.ts';
import { CredentialCache, type CredentialsEpochRead } from './credential-cache.ts';
import type { PresentedRequest } from './presented-request.ts';
import type { SignedRequestVerifier } from './signed-requests.ts';
import { hashSessionToken, isSessionTokenShaped } from './tokens.ts';

/** `anonymous`: no credential at all (only signIn may run); `refused`: one that is not valid. */
export type Authentication = { kind: 'anonymous' } | { kind: 'caller'; caller: Caller } | { kind: 'refused' };

const BEARER = /^Bearer ([^\s]+)$/;
const SIGV4 = 'AWS4-HMAC-SHA256 ';

export class Authenticator {
  readonly #sessions = new CredentialCache<Caller>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly partition: string,
    private readonly signed: SignedRequestVerifier,
  ) {}

  /** `epoch` reads the credentials epoch (services/access/request-epochs.ts). */
  async authenticate(request: PresentedRequest, epoch: CredentialsEpochRead, now: Date): Promise<Authentication> {
    const authorization = request.headers.authorization;
    if (authorization === undefined) return { kind: 'anonymous' };
    let caller: Caller | undefined;
    if (authorization.startsWith(SIGV4)) caller = await this.signed.verify(request, epoch, now);
    else {
      const token = BEARER.exec(authorization)?.[1];
      caller = token && isSessionTokenShaped(token) ? await this.#session(token, epoch, now) : undefined;
    }
    return caller ? { kind: 'caller', caller } : { kind: 'refused' };
  }

  async #session(token: string, readEpoch: CredentialsEpochRead, now: Date): Promise<Caller | undefined> {
    const tokenHash = hashSessionToken(token);
    const epoch = await readEpoch(this.#sessions.peek(tokenHash)?.accountId);
    const cached = this.#sessions.get(tokenHash, epoch);
    if (cached) return live(cached, now);
    const session = await this.prisma.session.findUnique({
      where: { tokenHash },
      select: {
        accessKeyId: true, accountId: true, userId: true, roleId: true, expiresAt: true, mfaAuthenticatedAt: true, passwordResetRequired: true,
        user: { select: { name: true, path: true } },
      },
    });
    if (!session || session.roleId) return undefined;
    const credential = {
      kind: 'Session' as const,
      sessionId: session.accessKeyId,
      expiresAt: session.expiresAt,
      mfaAuthenticatedAt: session.mfaAuthenticatedAt,
      passwordResetRequired: session.passwordResetRequired,
    };
    const caller: Caller = session.user
      ? {
          accountId: session.accountId,
          arn: formatArn(this.partition, session.accountId, 'user', session.user.path, session.user.name),
          type: 'User',
          userId: session.userId!,
          userName: session.user.name,
          credential,
        }
      : { accountId: session.accountId, arn: accountRootArn(this.partition, session.accountId), type: 'Root', userId: session.accountId, credential };
    this.#sessions.set(tokenHash, epoch, caller);
    return live(caller, now);
  }
}

function live(caller: Caller, now: Date): Caller | undefined {
  return caller.credential.kind === 'Session' && caller.credential.expiresAt <= now ? undefined : caller;
}
