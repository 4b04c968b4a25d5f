// A subscriber sees only the fields its subscription lists (data minimisation, GDPR art. 5(1)(c)).
// The projection is itself a valid Avro record schema with the contract's name, so it reads
// like the contract and its full name still matches the CloudEvents `ce_type`.

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const primitives = new Set([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);
const namedKinds = new Set(['record', 'enum', 'fixed', 'error']);

function fullNameOf(type: Json, enclosingNamespace: string): { full: string; namespace: string } {
  const name = String(type['name']);
  if (name.includes('.')) return { full: name, namespace: name.slice(0, name.lastIndexOf('.')) };
  const ns = typeof type['namespace'] === 'string' ? type['namespace'] : enclosingNamespace;
  return { full: ns ? `${ns}.${name}` : name, namespace: ns };
}

function resolveReference(ref: string, namespace: string): string {
  return ref.includes('.') || !namespace ? ref : `${namespace}.${ref}`;
}

/** Every named type defined anywhere in `type`, by full name, with the namespace it sits in. */
function collectNamed(
  type: unknown,
  namespace: string,
  out: Map<string, { def: Json; namespace: string }>,
): void {
  if (Array.isArray(type)) {
    for (const t of type) collectNamed(t, namespace, out);
    return;
  }
  if (!isObject(type)) return;
  const kind = type['type'];
  if (typeof kind === 'string' && namedKinds.has(kind)) {
    const { full, namespace: ns } = fullNameOf(type, namespace);
    if (!out.has(full)) out.set(full, { def: type, namespace });
    if (kind === 'record' || kind === 'error') {
      for (const f of (type['fields'] as Json[] | undefined) ?? [])
        collectNamed(f['type'], ns, out);
    }
    return;
  }
  if (kind === 'array') collectNamed(type['items'], namespace, out);
  else if (kind === 'map') collectNamed(type['values'], namespace, out);
  else if (isObject(kind) || Array.isArray(kind)) collectNamed(kind, namespace, out);
}

/**
 * Copies `type`, and where it refers by name to a type whose definition was in a dropped field,
 * inlines that definition at the first use: Avro defines a named type where it first appears.
 */
function copyType(
  type: unknown,
  namespace: string,
  named: Map<string, { def: Json; namespace: string }>,
  defined: Set<string>,
): unknown {
  if (typeof type === 'string') {
    if (primitives.has(type)) return type;
    const full = resolveReference(type, namespace);
    const entry = named.get(full) ?? named.get(type);
    if (!entry || defined.has(full) || defined.has(type)) return type;
    // The inlined definition keeps resolving names against the namespace it was written in.
    const inlined = copyType(entry.def, entry.namespace, named, defined);
    if (
      isObject(inlined) &&
      entry.namespace !== namespace &&
      !String(inlined['name']).includes('.')
    ) {
      return { ...inlined, namespace: entry.namespace };
    }
    return inlined;
  }
  if (Array.isArray(type)) return type.map((t) => copyType(t, namespace, named, defined));
  if (!isObject(type)) return type;
  const kind = type['type'];
  if (typeof kind === 'string' && namedKinds.has(kind)) {
    const { full, namespace: ns } = fullNameOf(type, namespace);
    if (defined.has(full)) return full;
    defined.add(full);
    if (kind !== 'record' && kind !== 'error') return structuredClone(type);
    const fields = ((type['fields'] as Json[] | undefined) ?? []).map((f) => ({
      ...structuredClone(f),
      type: copyType(f['type'], ns, named, defined),
    }));
    return { ...structuredClone(type), fields };
  }
  if (kind === 'array')
    return { ...structuredClone(type), items: copyType(type['items'], namespace, named, defined) };
  if (kind === 'map')
    return {
      ...structuredClone(type),
      values: copyType(type['values'], namespace, named, defined),
    };
  if (isObject(kind) || Array.isArray(kind)) {
    return { ...structuredClone(type), type: copyType(kind, namespace, named, defined) };
  }
  return structuredClone(type);
}

/**
 * A copy of a record schema keeping only the listed top-level fields, in the schema's order.
 * Throws when a listed field does not exist: a subscriber silently missing a field it was
 * promised is worse than a failed build (the catalog check catches this first).
 */
export function projectSchema(
  schema: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  if (schema['type'] !== 'record') throw new Error('projectSchema expects an Avro record schema');
  const all = (schema['fields'] as Json[] | undefined) ?? [];
  const names = new Set(all.map((f) => String(f['name'])));
  const recordName = String(schema['name']);
  const missing = fields.filter((f) => !names.has(f));
  if (missing.length > 0) {
    throw new Error(`${recordName} has no field ${missing.map((m) => `"${m}"`).join(', ')}`);
  }

  const { full, namespace } = fullNameOf(schema, '');
  const named = new Map<string, { def: Json; namespace: string }>();
  for (const f of all) collectNamed(f['type'], namespace, named);
  const defined = new Set<string>([full]);
  const wanted = new Set(fields);
  const keptFields = all.filter((f) => wanted.has(String(f['name'])));
  const kept = keptFields.map((f) => ({
    ...structuredClone(f),
    type: copyType(f['type'], namespace, named, defined),
  }));

  const original = typeof schema['doc'] === 'string' ? schema['doc'] : '';
  const note = `Projection of ${full} keeping only: ${keptFields.map((f) => String(f['name'])).join(', ')}.`;
  return { ...structuredClone(schema), doc: original ? `${note} ${original}` : note, fields: kept };
}
