// IpAddress/NotIpAddress: the request address must fall in a policy CIDR block.
import { cidrContains, parseCidr, parseIp, type CidrBlock, type IpAddress } from '../ip-address.ts';
import { joinPieces, type OperatorSpec } from './operator.ts';

function ipSpec(negated: boolean): OperatorSpec<CidrBlock, IpAddress> {
  return {
    negated,
    supportsVariables: false,
    invalidValueCode: 'INVALID_IP_ADDRESS',
    expects: 'an IPv4 or IPv6 address or CIDR block',
    parsePolicyValue: (pieces) => parseCidr(joinPieces(pieces)),
    parseRequestValue: parseIp,
    matches: (request, policy) => cidrContains(policy, request),
  };
}

export const ipOperators: Record<string, OperatorSpec> = {
  IpAddress: ipSpec(false),
  NotIpAddress: ipSpec(true),
};
