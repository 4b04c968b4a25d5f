// Every rule's parameters, gathered in one book (see ../book.ts).
import type { Parameter } from '../parameters.ts';
import { collectParameters } from '../book.ts';
import * as aah from './aah.ts';
import * as ars from './ars.ts';
import * as aspa from './aspa.ts';
import * as bmaf from './bmaf.ts';
import * as chequeEnergie from './cheque-energie.ts';
import * as css from './css.ts';
import * as primeActivite from './prime-activite.ts';
import * as rsa from './rsa.ts';
import * as smic from './smic.ts';

export const ruleModules: object[] = [
  css,
  ars,
  rsa,
  primeActivite,
  aah,
  chequeEnergie,
  smic,
  aspa,
  bmaf,
];

export function parameterBook(): Map<string, Parameter<unknown>> {
  return collectParameters(ruleModules);
}
