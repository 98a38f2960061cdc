// PROVISIONAL (issue 8, access-key part in progress): AWS Signature Version 4 verification.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Caller } from './caller.ts';
import type { PresentedRequest } from './presented-request.ts';
import type { SecretBox } from './secret-box.ts';
import type { SignedRequestVerifier } from './signed-requests.ts';

export class SigV4Verifier implements SignedRequestVerifier {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly partition: string,
    private readonly region: string,
    private readonly secrets: SecretBox,
  ) {}

  async verify(_request: PresentedRequest, _epoch: () => Promise<bigint>, _now: Date): Promise<Caller | undefined> {
    void [this.prisma, this.partition, this.region, this.secrets];
    return undefined;
  }
}
