// The lists of MFA devices: a user's enabled ones (AWS ListMFADevices) and the account's virtual
// devices by serial number, a page at a time (AWS ListVirtualMFADevices). No seed leaves here:
// the rows carry it sealed, and no GraphQL field presents it.
import type { Caller } from '../auth/caller.ts';
import type { MfaDevice } from '../generated/prisma/client.ts';
import { findMfaUser } from './mfa-lookups.ts';
import type { Page } from './models.ts';
import { fetchPageBy, type PageRequest } from './pagination.ts';
import type { Scope } from './scope.ts';

export type AssignmentStatus = 'ASSIGNED' | 'UNASSIGNED' | 'ANY';

/** The devices enabled for the named user, or for the calling IAM user; NO_SUCH_ENTITY for an unknown user. */
export async function listMfaDevices(scope: Scope, caller: Caller, userName: string | null | undefined): Promise<MfaDevice[]> {
  const user = await findMfaUser(scope.prisma, scope, caller, userName);
  return scope.prisma.mfaDevice.findMany({ where: { userId: user.id }, orderBy: { serialNumber: 'asc' } });
}

const ASSIGNMENT_WHERE = {
  ASSIGNED: { userId: { not: null } },
  UNASSIGNED: { userId: null },
  ANY: {},
} as const;

/** A page of the account's virtual MFA devices, ordered by serial number (keyset pages on the primary key). */
export function listVirtualMfaDevices(scope: Scope, request: PageRequest & { assignmentStatus?: AssignmentStatus | null }): Promise<Page<MfaDevice>> {
  const assignmentStatus = request.assignmentStatus ?? 'ANY';
  const where = { accountId: scope.accountId, ...ASSIGNMENT_WHERE[assignmentStatus] };
  return fetchPageBy(
    request,
    { list: 'virtualMFADevices', filters: { assignmentStatus } },
    (device) => device.serialNumber,
    (afterKey, take) =>
      scope.prisma.mfaDevice.findMany({
        where: afterKey === undefined ? where : { ...where, serialNumber: { gt: afterKey } },
        orderBy: { serialNumber: 'asc' },
        take,
      }),
    () => scope.prisma.mfaDevice.count({ where }),
  );
}
