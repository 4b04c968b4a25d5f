// The base mensuelle des allocations familiales (BMAF), read by the ASF forfait of the RSA and the
// prime d'activité: one parameter, so a new value is added once.
import { parameter } from '../parameters.ts';

const OF = 'openfisca-france 176.1.8 prestations_sociales/prestations_familiales/bmaf/bmaf.yaml';

export const bmaf = parameter<number>({
  id: 'bmaf',
  description: 'Base mensuelle des allocations familiales (€ cents / month)',
  unit: 'EUR-cents',
  values: [
    {
      from: '2024-04-01',
      value: 46644,
      source: `Instruction interministérielle n° DSS/2B/2024/43 du 20 mars 2024; ${OF} @2024-04-01`,
    },
    {
      from: '2025-04-01',
      value: 47437,
      source: `Instruction interministérielle n° DSS/2A/2C/2025/32 du 7 mars 2025; ${OF} @2025-04-01`,
    },
    {
      from: '2026-04-01',
      value: 47816,
      source: `Instruction interministérielle n° DSS/2B/2026/46 du 20 mars 2026 (bulletins-officiels.social.gouv.fr); ${OF} @2026-04-01`,
    },
  ],
  revalued: { on: '04-01', basis: 'CSS L551-1: revalued on 1 April (L161-25)' },
});

/** CASF R262-10-1, CSS R844-4: the ASF counted at a share of the BMAF per child, at most what is paid. */
export const asfForfait = parameter<number>({
  id: 'asf.forfait_ressources',
  description:
    'ASF counted in the resources of the RSA and the prime d’activité: share of the BMAF per child',
  unit: 'ratio',
  values: [
    {
      from: '2014-04-01',
      value: 0.225,
      source:
        'CASF R262-10-1 (RSA), CSS R844-4 (prime d’activité); openfisca-france 176.1.8 rsa/rsa_maj/forfait_asf/taux2.yaml @2014-04-01, as rsa_forfait_asf applies it',
    },
  ],
});
