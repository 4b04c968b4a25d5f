// Lag per consumer group and partition, from Kafka's admin API: each group's committed offsets
// against each partition's end; throughput as the ends' growth since the previous sample. Only
// the groups that commit (the services' runners); the groups that never commit (state topics
// read into files, this console's index, audits) are named by a random suffix and left out — the
// console's own index lag is given apart (indexer.ts).
import type { Admin, Kafka } from 'kafkajs';
import type { Clock } from '@relais/kit';
import type { GroupLag, LagView } from '../domain/views.ts';

/** Groups made per start or per run, which never commit: nothing to show. */
const ephemeral = [/\.[0-9a-f]{8}$/, /^relais-audit-/, /^relais-router-chain-/, /^reader-/];

export interface LagSamplerOptions {
  kafka: Kafka;
  clock: Clock;
  /** Group ids starting with one of these. */
  prefixes: readonly string[];
  maxGroups?: number;
}

export interface LagSampler {
  sample(): Promise<Pick<LagView, 'at' | 'groups' | 'throughput'>>;
  close(): Promise<void>;
}

export function lagSampler(o: LagSamplerOptions): LagSampler {
  let admin: Admin | undefined;
  let previous: { at: number; ends: Map<string, number> } | undefined;
  const connect = async (): Promise<Admin> => {
    if (admin) return admin;
    const a = o.kafka.admin();
    await a.connect();
    admin = a;
    return a;
  };
  return {
    async sample() {
      const a = await connect();
      const at = o.clock.now();
      const { groups: listed } = await a.listGroups();
      const ids = listed
        .map((g) => g.groupId)
        .filter((id) => o.prefixes.some((p) => id.startsWith(p)))
        .filter((id) => !ephemeral.some((re) => re.test(id)))
        .sort()
        .slice(0, o.maxGroups ?? 200);
      const described = ids.length ? (await a.describeGroups(ids)).groups : [];
      const ends = new Map<string, Map<number, { low: string; high: string }>>();
      const endsOf = async (topic: string) => {
        let e = ends.get(topic);
        if (!e) {
          e = new Map(
            (await a.fetchTopicOffsets(topic)).map((p) => [
              p.partition,
              { low: p.low, high: p.high },
            ]),
          );
          ends.set(topic, e);
        }
        return e;
      };
      const groups: GroupLag[] = [];
      for (const d of described) {
        const committed = await a.fetchOffsets({ groupId: d.groupId });
        const partitions: GroupLag['partitions'] = [];
        for (const { topic, partitions: ps } of committed) {
          const e = await endsOf(topic);
          for (const p of ps) {
            const end = e.get(p.partition)?.high ?? '0';
            const has = Number(p.offset) >= 0;
            const from = has ? Number(p.offset) : Number(e.get(p.partition)?.low ?? 0);
            partitions.push({
              topic,
              partition: p.partition,
              committed: has ? p.offset : null,
              end,
              lag: Math.max(0, Number(end) - from),
            });
          }
        }
        if (!partitions.length && d.members.length === 0) continue;
        partitions.sort((x, y) => x.topic.localeCompare(y.topic) || x.partition - y.partition);
        groups.push({
          group: d.groupId,
          state: d.state,
          members: d.members.length,
          totalLag: partitions.reduce((n, p) => n + p.lag, 0),
          partitions,
        });
      }
      const sums = new Map(
        [...ends].map(([topic, e]) => [
          topic,
          [...e.values()].reduce((n, p) => n + Number(p.high), 0),
        ]),
      );
      const seconds = previous ? (at.getTime() - previous.at) / 1000 : 0;
      const throughput = [...sums].sort().map(([topic, sum]) => {
        const before = previous?.ends.get(topic);
        return {
          topic,
          perSecond:
            before === undefined || seconds <= 0
              ? null
              : Math.round(((sum - before) / seconds) * 10) / 10,
        };
      });
      previous = { at: at.getTime(), ends: sums };
      return { at, groups, throughput };
    },
    async close() {
      await admin?.disconnect();
    },
  };
}
