// Global object ids (Relay's Node): the object's type and its immutable key, base64url-encoded
// so that clients treat the id as opaque. The keys never change (names and paths do), so an id
// is stable for the object's life; the type in it keeps ids of different types apart.
export const NODE_TYPES = ['Account', 'User', 'Group', 'Role', 'Policy', 'PolicyVersion', 'InlinePolicy', 'AccessKeyMetadata', 'MFADevice', 'Service', 'AuditEvent', 'DecisionLogEntry'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export interface NodeRef {
  readonly type: NodeType;
  /** the row's primary key: account id, AIDA... id, a version's or inline policy's uuid, AKIA... id, MFA serial number, service prefix */
  readonly key: string;
}

/** Longer than any id we hand out; a longer one is refused before it is decoded. */
const MAX_ID_LENGTH = 128;

export function toNodeId(type: NodeType, key: string): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

/** The type and key an id names, or null for a string that is not an id this API gave out. */
export function parseNodeId(id: string): NodeRef | null {
  if (id.length > MAX_ID_LENGTH || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  const type = text.slice(0, colon) as NodeType;
  const key = text.slice(colon + 1);
  if (colon < 0 || !NODE_TYPES.includes(type) || key === '' || toNodeId(type, key) !== id) return null;
  return { type, key };
}
