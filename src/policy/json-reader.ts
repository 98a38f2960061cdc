// A strict JSON reader: the value JSON.parse would give, except that it refuses what JSON.parse
// lets through silently. A key repeated in one object is refused (JSON.parse keeps the last, so
// two readers of the same text could see two different policies), and so is nesting deeper
// than `maxDepth`. It is one loop over an explicit stack, never recursion, so no input can
// overflow the call stack, and it stops at the first problem: work is linear in the text read.
import type { Path } from './finding.ts';

export type JsonReadErrorCode = 'JSON_SYNTAX_ERROR' | 'DUPLICATE_KEY' | 'NESTING_TOO_DEEP';

export interface JsonReadError {
  code: JsonReadErrorCode;
  /** Cedar style, e.g. "duplicate key `Effect` at line 3, column 5". */
  message: string;
  /** Offset in the text (UTF-16 code units) where the problem is. */
  position: number;
  /** Keys and indexes leading to the problem, e.g. ['Statement', 0, 'Effect']. */
  path: Path;
}

export type JsonReadResult = { ok: true; value: unknown } | { ok: false; error: JsonReadError };

type Frame = { array: unknown[]; object?: undefined } | { array?: undefined; object: Record<string, unknown>; key: string };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const HEX4 = /^[0-9a-fA-F]{4}$/;

class ReadFailure extends Error {
  constructor(readonly code: JsonReadErrorCode, readonly detail: string, readonly position: number) {
    super(detail);
  }
}

/** Reads `text` as one JSON value; `maxDepth` counts open arrays and objects (`[[]]` is 2). */
export function readJson(text: string, options: { maxDepth: number }): JsonReadResult {
  const stack: Frame[] = [];
  try {
    return { ok: true, value: new Reader(text, options.maxDepth, stack).read() };
  } catch (error) {
    if (!(error instanceof ReadFailure)) throw error;
    const at = `at ${lineAndColumn(text, error.position)}`;
    return { ok: false, error: { code: error.code, message: `${error.detail} ${at}`, position: error.position, path: pathOf(stack) } };
  }
}

/** "line L, column C" of an offset, both counted from 1. */
export function lineAndColumn(text: string, position: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${position - lineStart + 1}`;
}

function pathOf(stack: readonly Frame[]): Path {
  return stack.map((frame) => (frame.array ? frame.array.length : frame.key));
}

class Reader {
  #i = 0;

  constructor(private readonly text: string, private readonly maxDepth: number, private readonly stack: Frame[]) {}

  read(): unknown {
    const { text, stack } = this;
    let value: unknown;
    for (;;) {
      // Expecting a value: a scalar completes at once, an open bracket pushes a frame.
      this.#skipSpace();
      const c = text[this.#i];
      if (c === '[' || c === '{') {
        if (stack.length >= this.maxDepth) throw new ReadFailure('NESTING_TOO_DEEP', `nesting deeper than ${this.maxDepth} levels`, this.#i);
        this.#i++;
        this.#skipSpace();
        if (c === '[') {
          if (text[this.#i] === ']') {
            this.#i++;
            value = [];
          } else {
            stack.push({ array: [] });
            continue;
          }
        } else if (text[this.#i] === '}') {
          this.#i++;
          value = {};
        } else {
          const frame = { object: {} as Record<string, unknown>, key: '' };
          stack.push(frame);
          this.#readKey(frame);
          continue;
        }
      } else {
        value = this.#readScalar();
      }
      // A value is complete: store it and close every container it completes.
      for (;;) {
        const frame = stack[stack.length - 1];
        if (!frame) {
          this.#skipSpace();
          if (this.#i < text.length) this.#fail('unexpected text after the JSON value');
          return value;
        }
        if (frame.array) frame.array.push(value);
        else setMember(frame.object, frame.key, value);
        this.#skipSpace();
        const next = text[this.#i];
        const close = frame.array ? ']' : '}';
        if (next === ',') {
          this.#i++;
          if (frame.object) this.#readKey(frame);
          break;
        }
        if (next !== close) this.#fail(`expected \`,\` or \`${close}\``);
        this.#i++;
        stack.pop();
        value = frame.array ?? frame.object;
      }
    }
  }

  #readKey(frame: { object: Record<string, unknown>; key: string }): void {
    this.#skipSpace();
    const start = this.#i;
    if (this.text[this.#i] !== '"') this.#fail('expected a string key');
    const key = this.#readString();
    if (Object.hasOwn(frame.object, key)) {
      frame.key = key;
      throw new ReadFailure('DUPLICATE_KEY', `duplicate key \`${key.length > 120 ? `${key.slice(0, 117)}...` : key}\``, start);
    }
    frame.key = key;
    this.#skipSpace();
    if (this.text[this.#i] !== ':') this.#fail('expected `:`');
    this.#i++;
  }

  #readScalar(): unknown {
    const { text } = this;
    const c = text[this.#i];
    if (c === '"') return this.#readString();
    const word = c === 't' ? 'true' : c === 'f' ? 'false' : c === 'n' ? 'null' : undefined;
    if (word !== undefined && text.startsWith(word, this.#i)) {
      this.#i += word.length;
      return c === 'n' ? null : c === 't';
    }
    NUMBER.lastIndex = this.#i;
    const match = NUMBER.exec(text);
    if (!match) this.#fail(c === undefined ? 'unexpected end of input' : 'expected a value');
    this.#i += match[0].length;
    return Number(match[0]);
  }

  #readString(): string {
    const { text } = this;
    let i = this.#i + 1;
    let out = '';
    let chunk = i;
    for (;;) {
      const code = text.charCodeAt(i);
      if (Number.isNaN(code)) {
        this.#i = i;
        this.#fail('unterminated string');
      }
      if (code === 0x22) break;
      if (code < 0x20) {
        this.#i = i;
        this.#fail('control character in a string');
      }
      if (code === 0x5c) {
        out += text.slice(chunk, i);
        const escape = text[i + 1] ?? '';
        if (escape === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!HEX4.test(hex)) {
            this.#i = i;
            this.#fail('invalid `\\u` escape');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else {
          const decoded = ESCAPES[escape];
          if (decoded === undefined) {
            this.#i = i;
            this.#fail('invalid escape');
          }
          out += decoded;
          i += 2;
        }
        chunk = i;
        continue;
      }
      i++;
    }
    this.#i = i + 1;
    return out + text.slice(chunk, i);
  }

  #skipSpace(): void {
    const { text } = this;
    let code = text.charCodeAt(this.#i);
    while (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) code = text.charCodeAt(++this.#i);
  }

  #fail(detail: string): never {
    throw new ReadFailure('JSON_SYNTAX_ERROR', detail, this.#i);
  }
}

// `__proto__` must become an own property, as JSON.parse makes it, not the prototype.
function setMember(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}
