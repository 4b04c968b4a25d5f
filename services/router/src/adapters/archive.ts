// The access log's archive (dec-036): every record and every checkpoint, append-only, so what
// Kafka no longer keeps (retention, a lost broker, deleted records) is still proven and a citizen's
// history rebuilt. The embedded default keeps local files; production puts the same objects in an
// object store with object lock (docs/operations.md). Layout, per topic and partition:
//   <dir>/<topic>/p<partition>/records-<first offset, 12 digits>.jsonl
//       one line per record: {"o":offset,"t":log time ms,"k":key,"v":value bytes in base64}
//       (the Avro bytes exactly as Kafka held them); a new file every SEGMENT_RECORDS records
//   <dir>/<topic>/p<partition>/checkpoints.jsonl   one line per checkpoint: {"jws":"…"}
// Files are opened in append mode only and synced after each batch; nothing is ever rewritten.
import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
} from 'node:fs';
import path from 'node:path';

export const SEGMENT_RECORDS = 100_000;

export interface ArchivedRecord {
  offset: number;
  /** Log append time, ms since the epoch. */
  timestamp: number;
  key: string | null;
  value: Buffer;
}

export interface AccessArchive {
  readonly dir: string;
  /** Appends records of one partition, in offset order, after the ones archived. */
  appendRecords(topic: string, partition: number, records: readonly ArchivedRecord[]): void;
  appendCheckpoint(topic: string, partition: number, jws: string): void;
  /** The next offset to archive (0: nothing archived). */
  end(topic: string, partition: number): number;
  /** The archived records from `from` on, in offset order. */
  records(topic: string, partition: number, from?: number): Iterable<ArchivedRecord>;
  checkpoints(topic: string, partition: number): string[];
  /** Partitions with something archived. */
  partitions(topic: string): number[];
}

const pad = (n: number) => String(n).padStart(12, '0');

function lines(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
}

function parseRecord(line: string): ArchivedRecord {
  const r = JSON.parse(line) as { o: number; t: number; k: string | null; v: string };
  return { offset: r.o, timestamp: r.t, key: r.k, value: Buffer.from(r.v, 'base64') };
}

export const archiveLine = (r: ArchivedRecord): string =>
  `${JSON.stringify({ o: r.offset, t: r.timestamp, k: r.key, v: r.value.toString('base64') })}\n`;

export function fileArchive(dir: string): AccessArchive {
  const partitionDir = (topic: string, partition: number) => path.join(dir, topic, `p${partition}`);
  const segments = (topic: string, partition: number): Array<{ first: number; file: string }> => {
    const d = partitionDir(topic, partition);
    if (!existsSync(d)) return [];
    return readdirSync(d)
      .filter((f) => /^records-\d{12}\.jsonl$/.test(f))
      .map((f) => ({ first: Number(f.slice(8, 20)), file: path.join(d, f) }))
      .sort((a, b) => a.first - b.first);
  };
  const ends = new Map<string, number>();
  function end(topic: string, partition: number): number {
    const id = `${topic}/${partition}`;
    const known = ends.get(id);
    if (known !== undefined) return known;
    const last = segments(topic, partition).at(-1);
    const tail = last ? lines(last.file).at(-1) : undefined;
    const next = tail ? parseRecord(tail).offset + 1 : 0;
    ends.set(id, next);
    return next;
  }
  function append(file: string, text: string): void {
    appendFileSync(file, text, { flag: 'a' });
    const fd = openSync(file, 'a');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  return {
    dir,
    end,
    appendRecords(topic, partition, records) {
      if (records.length === 0) return;
      let next = end(topic, partition);
      const d = partitionDir(topic, partition);
      mkdirSync(d, { recursive: true });
      let segment = segments(topic, partition).at(-1);
      let chunk = '';
      const flush = () => {
        if (chunk && segment) append(segment.file, chunk);
        chunk = '';
      };
      for (const r of records) {
        if (r.offset < next) continue; // already archived
        if (
          !segment ||
          (r.offset - segment.first >= SEGMENT_RECORDS && r.offset % SEGMENT_RECORDS === 0)
        ) {
          flush();
          segment = { first: r.offset, file: path.join(d, `records-${pad(r.offset)}.jsonl`) };
        }
        chunk += archiveLine(r);
        next = r.offset + 1;
      }
      flush();
      ends.set(`${topic}/${partition}`, next);
    },
    appendCheckpoint(topic, partition, jws) {
      const d = partitionDir(topic, partition);
      mkdirSync(d, { recursive: true });
      append(path.join(d, 'checkpoints.jsonl'), `${JSON.stringify({ jws })}\n`);
    },
    *records(topic, partition, from = 0) {
      const all = segments(topic, partition);
      for (let i = 0; i < all.length; i += 1) {
        const next = all[i + 1];
        if (next && next.first <= from) continue;
        for (const line of lines((all[i] as { file: string }).file)) {
          const r = parseRecord(line);
          if (r.offset >= from) yield r;
        }
      }
    },
    checkpoints(topic, partition) {
      return lines(path.join(partitionDir(topic, partition), 'checkpoints.jsonl')).map(
        (l) => (JSON.parse(l) as { jws: string }).jws,
      );
    },
    partitions(topic) {
      const d = path.join(dir, topic);
      if (!existsSync(d)) return [];
      return readdirSync(d)
        .filter((f) => /^p\d+$/.test(f))
        .map((f) => Number(f.slice(1)))
        .sort((a, b) => a - b);
    },
  };
}
