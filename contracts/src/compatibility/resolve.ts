// Can data written with `writer` be read with `reader`? Avro's schema-resolution rules
// (Avro 1.11 specification, "Schema Resolution"), reported the way Avro's Java
// SchemaCompatibility and Confluent's registry report them: an error type and a path.
import avro from 'avsc';

export type IncompatibilityType =
  | 'NAME_MISMATCH'
  | 'FIXED_SIZE_MISMATCH'
  | 'MISSING_ENUM_SYMBOLS'
  | 'READER_FIELD_MISSING_DEFAULT_VALUE'
  | 'TYPE_MISMATCH'
  | 'MISSING_UNION_BRANCH';

export interface Incompatibility {
  type: IncompatibilityType;
  /** JSON-pointer into the reader schema, e.g. `/fields/2/type/symbols`. */
  path: string;
  /** The field concerned (dotted from the root record), when there is one. */
  field?: string;
  message: string;
}

type AnyType = avro.Type & {
  typeName: string;
  name?: string;
  aliases?: string[];
  fields?: Array<{ name: string; type: AnyType; aliases: string[]; defaultValue(): unknown }>;
  symbols?: string[];
  default?: string;
  size?: number;
  itemsType?: AnyType;
  valuesType?: AnyType;
  types?: AnyType[];
  underlyingType?: AnyType;
};

/** Parses a schema for resolution: logical types are ignored (their underlying type counts). */
export function parseForResolution(
  schema: unknown,
  registry: Record<string, avro.Type> = {},
): avro.Type {
  return avro.Type.forSchema(schema as avro.Schema, { registry });
}

const promotions: Record<string, string[]> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

function kind(t: AnyType): string {
  if (t.typeName.startsWith('union')) return 'union';
  if (t.typeName.startsWith('logical:')) return kind(t.underlyingType as AnyType);
  return t.typeName;
}

function unqualified(name: string | undefined): string {
  return (name ?? '').split('.').pop() ?? '';
}

/** Java SchemaCompatibility: same unqualified name, or the writer's full name among the reader's aliases. */
function namesMatch(reader: AnyType, writer: AnyType): boolean {
  if (unqualified(reader.name) === unqualified(writer.name)) return true;
  return (reader.aliases ?? []).some(
    (a) => a === writer.name || unqualified(a) === unqualified(writer.name),
  );
}

function describe(t: AnyType): string {
  const k = kind(t);
  return t.name ? `${k} ${t.name}` : k;
}

class Checker {
  private readonly inProgress = new Set<string>();

  check(
    reader: AnyType,
    writer: AnyType,
    path: string,
    field: string | undefined,
  ): Incompatibility[] {
    const rk = kind(reader);
    const wk = kind(writer);
    const at = (type: IncompatibilityType, message: string, p = path): Incompatibility => ({
      type,
      path: p || '/',
      ...(field ? { field } : {}),
      message,
    });

    if (wk === 'union') {
      // Every branch the writer may have written must be readable.
      const out: Incompatibility[] = [];
      (writer.types ?? []).forEach((branch, i) => {
        const problems = this.check(reader, branch, path, field);
        if (problems.length && rk === 'union') {
          out.push(
            at(
              'MISSING_UNION_BRANCH',
              `reader union lacks writer branch ${i} (${describe(branch)})${field ? ` of field ${field}` : ''}`,
            ),
          );
        } else {
          out.push(...problems);
        }
      });
      return out;
    }
    if (rk === 'union') {
      const readable = (reader.types ?? []).some(
        (branch) => this.check(branch, writer, path, field).length === 0,
      );
      return readable
        ? []
        : [
            at(
              'MISSING_UNION_BRANCH',
              `reader union has no branch for writer type ${describe(writer)}${field ? ` of field ${field}` : ''}`,
            ),
          ];
    }
    if (rk !== wk) {
      if (promotions[wk]?.includes(rk)) return [];
      return [
        at(
          'TYPE_MISMATCH',
          `reader type ${rk} is not compatible with writer type ${wk}${field ? ` for field ${field}` : ''}`,
        ),
      ];
    }
    switch (rk) {
      case 'record':
        return this.record(reader, writer, path, field);
      case 'enum': {
        if (!namesMatch(reader, writer)) {
          return [
            at(
              'NAME_MISMATCH',
              `expected name ${writer.name}, found ${reader.name}`,
              `${path}/name`,
            ),
          ];
        }
        const missing = (writer.symbols ?? []).filter((s) => !(reader.symbols ?? []).includes(s));
        if (missing.length && reader.default === undefined) {
          return [
            at(
              'MISSING_ENUM_SYMBOLS',
              `reader enum ${reader.name} lacks symbols [${missing.join(', ')}] and has no default${field ? ` (field ${field})` : ''}`,
              `${path}/symbols`,
            ),
          ];
        }
        return [];
      }
      case 'fixed': {
        if (!namesMatch(reader, writer)) {
          return [
            at(
              'NAME_MISMATCH',
              `expected name ${writer.name}, found ${reader.name}`,
              `${path}/name`,
            ),
          ];
        }
        return reader.size === writer.size
          ? []
          : [
              at(
                'FIXED_SIZE_MISMATCH',
                `expected size ${writer.size}, found ${reader.size}`,
                `${path}/size`,
              ),
            ];
      }
      case 'array':
        return this.check(
          reader.itemsType as AnyType,
          writer.itemsType as AnyType,
          `${path}/items`,
          field,
        );
      case 'map':
        return this.check(
          reader.valuesType as AnyType,
          writer.valuesType as AnyType,
          `${path}/values`,
          field,
        );
      default:
        return [];
    }
  }

  private record(
    reader: AnyType,
    writer: AnyType,
    path: string,
    field: string | undefined,
  ): Incompatibility[] {
    if (!namesMatch(reader, writer)) {
      return [
        {
          type: 'NAME_MISMATCH',
          path: `${path}/name`,
          ...(field ? { field } : {}),
          message: `expected record name ${writer.name}, found ${reader.name}`,
        },
      ];
    }
    // Recursive types: a pair already being compared is assumed compatible (Avro's Java does the same).
    const key = `${reader.name}<-${writer.name}`;
    if (this.inProgress.has(key)) return [];
    this.inProgress.add(key);
    const out: Incompatibility[] = [];
    (reader.fields ?? []).forEach((rf, i) => {
      const fieldPath = field ? `${field}.${rf.name}` : rf.name;
      const wf =
        (writer.fields ?? []).find((f) => f.name === rf.name) ??
        (writer.fields ?? []).find((f) => rf.aliases.includes(f.name));
      if (!wf) {
        if (rf.defaultValue() === undefined) {
          out.push({
            type: 'READER_FIELD_MISSING_DEFAULT_VALUE',
            path: `${path}/fields/${i}`,
            field: fieldPath,
            message: `field ${fieldPath} is read but never written, and has no default`,
          });
        }
        return;
      }
      out.push(...this.check(rf.type, wf.type, `${path}/fields/${i}/type`, fieldPath));
    });
    this.inProgress.delete(key);
    return out;
  }
}

/** Problems reading `writer` data with `reader`; empty when compatible. */
export function canRead(reader: avro.Type, writer: avro.Type): Incompatibility[] {
  return new Checker().check(reader as AnyType, writer as AnyType, '', undefined);
}
