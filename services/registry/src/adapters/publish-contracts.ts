// Registers every contract of the catalog: its published versions in order, then the current
// file, each subject at the contract's compatibility level. Idempotent: a schema already
// registered keeps its id.
import { loadPublished, type Catalog } from '@relais/contracts';
import type { Logger } from '@relais/kit';
import { register, setConfig } from '../domain/commands.ts';
import type { WriteContext } from '../domain/write-policy.ts';
import { orThrow } from '../errors.ts';
import type { RegistryStore } from './registry-store.ts';

/** The audit's words for what the registry does by itself at start. */
const byRegistry = (action: WriteContext['action'], subject: string): WriteContext => ({
  actor: 'registry',
  action,
  route: 'contracts published at start',
  subject,
  permanent: false,
});

export interface PublishReport {
  subjects: number;
  registered: number;
  failed: Array<{ subject: string; error: string }>;
}

export async function publishContracts(
  store: RegistryStore,
  catalog: Catalog,
  logger: Logger,
): Promise<PublishReport> {
  const report: PublishReport = { subjects: 0, registered: 0, failed: [] };
  for (const contract of catalog.contracts) {
    const subject = contract.fullName;
    report.subjects += 1;
    try {
      if (store.state.config.get(subject) !== contract.compatibility) {
        await store.write(
          () => ({
            records: [setConfig(subject, contract.compatibility)],
            result: undefined,
            details: { compatibility: contract.compatibility },
          }),
          byRegistry('set-compatibility', subject),
        );
      }
      const schemas = [...loadPublished(subject).map((p) => p.schema), contract.schema];
      for (const schema of schemas) {
        const id = await store.write(
          (s) => {
            const out = orThrow(
              register(s, subject, { schema: JSON.stringify(schema) }, contract.compatibility),
            );
            return {
              records: out.records,
              result: out.records.length ? out.id : undefined,
              details: { version: out.version, id: out.id },
            };
          },
          byRegistry('register', subject),
        );
        if (id !== undefined) report.registered += 1;
      }
    } catch (err) {
      report.failed.push({ subject, error: (err as Error).message });
      logger.error({ subject, error: (err as Error).message }, 'contract not registered');
    }
  }
  logger.info(report, 'contracts published');
  return report;
}
