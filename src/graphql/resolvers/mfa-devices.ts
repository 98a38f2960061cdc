// Virtual MFA devices: thin calls into services/mfa-devices.ts and mfa-device-reads.ts, and the
// fields of MFADevice (its user through the request's loaders).
import { toNodeId } from '../../domain/node-id.ts';
import type { MutationResolvers, QueryResolvers, Resolvers } from '../../generated/graphql.ts';
import { listMfaDevices, listVirtualMfaDevices } from '../../services/mfa-device-reads.ts';
import { createVirtualMfaDevice, deactivateMfaDevice, deleteVirtualMfaDevice, enableMfaDevice } from '../../services/mfa-devices.ts';
import { connectionFields } from './query.ts';

export const mfaDeviceQueries: QueryResolvers = {
  mfaDevices: (_root, { userName }, { scope, caller }) => listMfaDevices(scope, caller, userName),
  virtualMFADevices: (_root, args, { scope }) => listVirtualMfaDevices(scope, args),
};

export const mfaDeviceMutations: MutationResolvers = {
  createVirtualMFADevice: async (_root, { input }, { scope, auth }) => {
    const { device, ...enrolment } = await createVirtualMfaDevice(scope, auth.secrets, input);
    return { virtualMFADevice: device, ...enrolment };
  },
  enableMFADevice: async (_root, { input }, { scope, caller, auth, now }) => ({ mfaDevice: await enableMfaDevice(scope, caller, auth.secrets, input, now) }),
  deactivateMFADevice: async (_root, { input }, { scope, caller }) => ({ mfaDevice: await deactivateMfaDevice(scope, caller, input) }),
  deleteVirtualMFADevice: async (_root, { input }, { scope }) => ({ serialNumber: (await deleteVirtualMfaDevice(scope, input.serialNumber)).serialNumber }),
};

export const mfaDeviceTypes: Resolvers = {
  MFADevice: {
    id: (device) => toNodeId('MFADevice', device.serialNumber),
    serialNumber: (device) => device.serialNumber,
    user: (device, _args, { loaders }) => (device.userId ? loaders.userById.load(device.userId) : null),
    userName: async (device, _args, { loaders }) => (device.userId ? ((await loaders.userById.load(device.userId))?.name ?? null) : null),
    enableDate: (device) => device.enabledAt,
    createDate: (device) => device.createdAt,
  },
  MFADeviceConnection: connectionFields,
};

/** User.mfaDevices: the devices enabled for the user. */
export const userMfaDevices: NonNullable<Resolvers['User']> = {
  mfaDevices: (user, _args, { loaders }) => loaders.mfaDevicesOfUser.load(user.id),
};
