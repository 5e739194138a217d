import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { FieldProblem, validationProblem } from './problem';

/** Deeper than any request this API defines; stops recursion-heavy validators from overflowing the stack. */
export const MAX_INPUT_DEPTH = 16;

/**
 * Names that the validation layer would silently drop (they are Object.prototype's own properties),
 * so they could never be refused as unknown fields: refused here instead.
 */
const FORBIDDEN_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** A NUL (PostgreSQL text cannot store it) or a UTF-16 surrogate without its pair (not valid Unicode). */
// eslint-disable-next-line no-control-regex -- finding the NUL character is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function describe(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

/** Walks a value without recursion and reports the first thing no field may contain. */
export function unsafeInput(value: unknown, root = ''): FieldProblem | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (UNSTORABLE.test(current)) return { field: path || 'body', message: 'contains a NUL character or invalid Unicode' };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: path || 'body', message: `is nested more than ${MAX_INPUT_DEPTH} levels deep` };
    const entries: [string | number, unknown][] = Array.isArray(current)
      ? current.map((item, i) => [i, item])
      : Object.keys(current).map((key) => [key, (current as Record<string, unknown>)[key]]);
    for (const [key, item] of entries) {
      if (typeof key === 'string') {
        if (FORBIDDEN_KEYS.has(key)) return { field: describe(path, key), message: 'is not an accepted field name' };
        if (UNSTORABLE.test(key)) return { field: path || 'body', message: 'has a field name with a NUL character or invalid Unicode' };
      }
      stack.push({ value: item, path: describe(path, key), depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Runs before validation on every body, query and route parameter: text PostgreSQL cannot store,
 * names the validators would drop and absurd nesting are refused with 422 naming the field.
 */
@Injectable()
export class InputSafetyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const root = metadata.type === 'param' || metadata.type === 'query' ? (metadata.data ?? '') : '';
    const problem = unsafeInput(value, root);
    if (problem) throw validationProblem([problem], 'The request contains a value that cannot be accepted.');
    return value;
  }
}
