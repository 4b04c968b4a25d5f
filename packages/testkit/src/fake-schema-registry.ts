// A test double of the Confluent Schema Registry REST API: the few calls the serde makes.
// Temporary: once services/registry lands (contracts-and-registry issue) tests use the real one.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface Version {
  id: number;
  version: number;
  schema: string;
}

export interface FakeSchemaRegistry {
  url: string;
  close(): Promise<void>;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

function canonical(schema: string): string {
  try {
    return JSON.stringify(JSON.parse(schema));
  } catch {
    return schema;
  }
}

export async function startFakeSchemaRegistry(): Promise<FakeSchemaRegistry> {
  const byId = new Map<number, string>();
  const idBySchema = new Map<string, number>();
  const subjects = new Map<string, Version[]>();

  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': CONTENT_TYPE });
      res.end(JSON.stringify(body));
    };
    const notFound = (code: number, message: string): void =>
      send(404, { error_code: code, message });
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      const body = raw ? (JSON.parse(raw) as { schema?: string }) : {};
      const [a, b, c, d] = parts;
      if (req.method === 'GET' && a === 'schemas' && b === 'ids' && c) {
        const schema = byId.get(Number(c));
        return schema ? send(200, { schema }) : notFound(40403, 'Schema not found');
      }
      if (req.method === 'GET' && a === 'subjects' && !b) return send(200, [...subjects.keys()]);
      if (a === 'config') return send(200, { compatibilityLevel: 'BACKWARD' });
      if (a === 'subjects' && b) {
        const versions = subjects.get(b) ?? [];
        if (req.method === 'POST' && c === 'versions') {
          const schema = canonical(body.schema ?? '');
          let id = idBySchema.get(schema);
          if (id === undefined) {
            id = byId.size + 1;
            byId.set(id, schema);
            idBySchema.set(schema, id);
          }
          if (!versions.some((v) => v.id === id)) {
            versions.push({ id, version: versions.length + 1, schema });
            subjects.set(b, versions);
          }
          return send(200, { id });
        }
        if (req.method === 'POST' && !c) {
          const schema = canonical(body.schema ?? '');
          const found = versions.find((v) => v.schema === schema);
          return found ? send(200, { subject: b, ...found }) : notFound(40403, 'Schema not found');
        }
        if (req.method === 'GET' && c === 'versions' && !d) {
          return versions.length
            ? send(
                200,
                versions.map((v) => v.version),
              )
            : notFound(40401, 'Subject not found');
        }
        if (req.method === 'GET' && c === 'versions' && d) {
          const v =
            d === 'latest'
              ? versions[versions.length - 1]
              : versions.find((x) => x.version === Number(d));
          if (!versions.length) return notFound(40401, 'Subject not found');
          return v ? send(200, { subject: b, ...v }) : notFound(40402, 'Version not found');
        }
      }
      return notFound(404, `no route ${req.method} ${url.pathname}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
