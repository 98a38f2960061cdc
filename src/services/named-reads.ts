// Users, groups and roles read by name, once per request: the API's authorization looks up a
// named target's path (its ARN), and the field that then answers reads the same row, so an IAM
// caller's `user(userName:)` costs the statement root's does, and the row it is authorized on is
// the row it gets.
import type { Group, PrismaClient, Role, User } from '../generated/prisma/client.ts';

type Kind = 'user' | 'group' | 'role';
type Row<K extends Kind> = K extends 'user' ? User : K extends 'group' ? Group : Role;

export class NamedReads {
  readonly #reads = new Map<string, Promise<User | Group | Role | null>>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly accountId: string,
  ) {}

  /** The entity of this kind and name in the account, or null; read at most once per request. */
  find<K extends Kind>(kind: K, name: string): Promise<Row<K> | null> {
    const nameKey = name.toLowerCase();
    const key = `${kind}:${nameKey}`;
    let read = this.#reads.get(key);
    if (!read) {
      const where = { accountId_nameKey: { accountId: this.accountId, nameKey } };
      read = kind === 'user' ? this.prisma.user.findUnique({ where }) : kind === 'group' ? this.prisma.group.findUnique({ where }) : this.prisma.role.findUnique({ where });
      this.#reads.set(key, read);
    }
    return read as Promise<Row<K> | null>;
  }

  /** Drops what was read: after a write (transactions.ts), a later field of the request reads afresh. */
  forget(): void {
    this.#reads.clear();
  }
}
