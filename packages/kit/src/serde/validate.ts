// Names every field of a value that does not fit its Avro schema, and what was expected there.
import type avro from 'avsc';
import type { FieldProblem } from '../errors.ts';

function describe(type: avro.Type): string {
  const t = type as avro.Type & {
    typeName: string;
    symbols?: string[];
    types?: avro.Type[];
    underlyingType?: avro.Type;
    itemsType?: avro.Type;
  };
  switch (t.typeName) {
    case 'enum':
      return `one of ${(t.symbols ?? []).join(', ')}`;
    case 'union:unwrapped':
    case 'union:wrapped':
      return (t.types ?? []).map(describe).join(' or ');
    case 'logical:date':
      return 'a calendar date "YYYY-MM-DD"';
    case 'logical:timestamp-millis':
      return 'an RFC 3339 timestamp';
    case 'record':
    case 'error':
      return `an object (${t.name ?? 'record'})`;
    case 'array':
      return `an array of ${t.itemsType ? describe(t.itemsType) : 'items'}`;
    case 'map':
      return 'an object map';
    case 'null':
      return 'null';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean';
    case 'int':
      return 'a 32-bit integer';
    case 'long':
      return 'an integer';
    case 'float':
    case 'double':
      return 'a number';
    case 'bytes':
      return 'bytes';
    case 'fixed':
      return 'fixed-size bytes';
    default:
      return t.typeName;
  }
}

/**
 * Field problems as `/a/b/0/c` paths. A missing field is reported as such, not as the
 * record around it. Values are never echoed: they may be personal data.
 */
export function validateAvro(type: avro.Type, value: unknown, root = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  type.isValid(value, {
    errorHook: (path: string[], val: unknown, t: avro.Type) => {
      const field = `${root}/${path.join('/')}`;
      problems.push({
        field: field === '/' ? root || '/' : field,
        expected: val === undefined ? `required: ${describe(t)}` : describe(t),
      });
    },
  });
  return problems;
}
