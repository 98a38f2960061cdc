// What stops a delete, in words for the DELETE_CONFLICT message.

/** `{ 'attached policy': 2, 'member': 0 }` -> `['2 attached policies']`. */
export function describeBlockers(counts: Record<string, number>): string[] {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([what, count]) => `${count} ${count === 1 ? what : pluralize(what)}`);
}

function pluralize(noun: string): string {
  if (noun.endsWith('y')) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}
