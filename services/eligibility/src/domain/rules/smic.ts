// The SMIC, read by several rules: one parameter, so a new value is added once.
import { parameter } from '../parameters.ts';

const SMIC = 'openfisca-france marche_travail/salaire_minimum/smic/smic_b_horaire.yaml';
const smicFrom = (from: string, value: number, text: string) => ({
  from,
  value,
  source: `${text}; ${SMIC} @${from}`,
});

/** Gross hourly SMIC (€ cents): the AAH's abatement threshold (D821-9) and the prime d'activité's bonification. */
export const smicHoraireBrut = parameter<number>({
  id: 'smic.horaire_brut',
  description: 'Gross hourly SMIC (€ cents)',
  unit: 'EUR-cents',
  values: [
    smicFrom('2014-01-01', 953, 'Décret 2013-1190 du 19/12/2013'),
    smicFrom('2015-01-01', 961, 'Décret 2014-1569 du 22/12/2014'),
    smicFrom('2016-01-01', 967, 'Décret 2015-1688 du 17/12/2015'),
    smicFrom('2017-01-01', 976, 'Décret 2016-1818 du 22/12/2016'),
    smicFrom('2018-01-01', 988, 'Décret 2017-1719 du 20/12/2017'),
    smicFrom('2019-01-01', 1003, 'Décret 2018-1173 du 19/12/2018'),
    smicFrom('2020-01-01', 1015, 'Décret 2019-1387 du 18/12/2019'),
    smicFrom('2021-01-01', 1025, 'Décret 2020-1598 du 16/12/2020'),
    smicFrom('2021-10-01', 1048, 'Arrêté du 27/09/2021'),
    smicFrom('2022-01-01', 1057, 'Décret 2021-1741 du 22/12/2021'),
    smicFrom('2022-05-01', 1085, 'Arrêté du 19/05/2022'),
    smicFrom('2022-08-01', 1107, 'Arrêté du 29/07/2022'),
    smicFrom('2023-01-01', 1127, 'Décret 2022-1608 du 22/12/2022'),
    smicFrom('2023-05-01', 1152, 'Arrêté du 26/04/2023'),
    smicFrom('2024-01-01', 1165, 'Décret du 20/12/2023'),
    smicFrom('2024-11-01', 1188, 'Décret n° 2024-951 du 23/10/2024'),
    {
      from: '2026-01-01',
      value: 1202,
      source:
        'Décret n° 2025-1228 du 17 décembre 2025 (JO 18/12/2025), as reported by axens-audit.fr',
    },
    {
      from: '2026-06-01',
      value: 1231,
      source:
        'Arrêté du 22 mai 2026 relatif au relèvement du salaire minimum de croissance (JORF 24/05/2026, JORFTEXT000054126589): automatic +2.41 % (C. trav. L3231-5); as cited with URSSAF and info.gouv.fr by several public sources, text not read here; openfisca-france 176.1.8 smic_b_horaire.yaml @2026-06-01 = 12.31',
    },
  ],
  revalued: {
    on: '01-01',
    basis: 'Code du travail L3231-4 to L3231-11: revalued each year, on 1 January since 2013',
  },
});
