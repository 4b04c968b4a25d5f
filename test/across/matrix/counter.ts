// The counter (services/counter, issue 15) in the authorisation matrix: started beside the across
// world with its own local identity provider (the world's has its clients fixed at start), its
// agents signed in — Nadia Benkirane (France Services Lyon 8e) and Julien Moreau (France Services
// Vénissieux) — and the mandates the columns point at, created through the consent service as the
// counter creates them: M1, Lyon 8e's active mandate for citizen 1 (every scope); M2, Lyon 8e's
// one-day mandate for citizen 1 created two days back on the world's clock, so expired; and M3,
// the one the revocation column ends (made again before each attempt).
import { CITIZEN_AUDIENCES, type CitizenAudience } from '@relais/consent/auth';
import { tokenSigner, type RunningCounter } from '@relais/counter';
import type { Idp } from '@relais/idp';
import type { Clock } from '@relais/kit';
import { startCounterBeside as startCounterProcess } from '../counter-world.ts';
import type { World } from '../world.ts';
import { signedOut, signIn, type CounterCredentials } from './principals.ts';

const DAY = 86_400_000;

/** The agents' `act` claims as the counter signs them (their provider `sub`s are pairwise). */
export const AGENTS = {
  nadia: {
    sub: 'matrix-nadia',
    name: 'Nadia Benkirane',
    structure: { id: 'fs-lyon-8', name: 'France Services Lyon 8e' },
  },
  julien: {
    sub: 'matrix-julien',
    name: 'Julien Moreau',
    structure: { id: 'fs-venissieux', name: 'France Services Vénissieux' },
  },
} as const;
type AgentName = keyof typeof AGENTS;

/** A clock the world runs on: the system's, shifted while the expired mandate is made. */
export function shiftableClock(): Clock & { shift(ms: number): void } {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    shift: (ms) => void (offset = ms),
  };
}

export interface CounterBeside {
  counter: RunningCounter;
  idp: Idp;
  /** A counter token as the counter signs one, fresh (they live two minutes). */
  token(o: {
    agent: AgentName;
    audience: CitizenAudience;
    citizen?: string;
    mandateId?: string;
  }): Promise<string>;
  /** Cookie headers: the agents signed in at the counter, and Nadia's after she signed out. */
  sessions: { nadia: string; julien: string; nadiaEnded: string };
  mandates: { active: string; expired: string };
  /** What the counter principals present (principals.ts). */
  credentials: CounterCredentials;
  /** Lyon 8e's mandate for citizen 1 the revocation column ends: made again, its id. */
  newMandateToRevoke(): Promise<string>;
  close(): Promise<void>;
}

export async function startCounterBeside(
  world: World,
  clock: Clock & { shift(ms: number): void },
  citizens: { citizen1: string; citizen2: string },
): Promise<CounterBeside> {
  const { citizen1, citizen2 } = citizens;
  const r = world.relais;
  const { counter, idp, close } = await startCounterProcess(world, clock);
  const url = counter.url;
  // The counter's own key (its keys folder is the world's): what the services verify.
  const signer = await tokenSigner(r.keysDir, clock);
  const token: CounterBeside['token'] = (o) =>
    signer.sign({
      agent: AGENTS[o.agent],
      audience: o.audience,
      citizen: o.citizen,
      mandateId: o.mandateId,
    });
  const create = async (durationDays: number): Promise<string> => {
    const res = await r.call(
      r.consent.url,
      'POST',
      '/v1/counter/mandates',
      await token({ agent: 'nadia', audience: CITIZEN_AUDIENCES.consent, citizen: citizen1 }),
      {
        scopes: ['CONSENTS', 'NOTICES', 'PREFERENCES', 'DATA_FLOWS'],
        durationDays,
        mode: 'IN_PERSON',
        confirmation: 'ATTESTATION',
        attestationId: 'FS-LYON8-MATRIX',
      },
    );
    if (res.status !== 201) throw new Error(`mandate: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body.mandate as { mandateId: string }).mandateId;
  };
  // Two days back, a one-day mandate: expired yesterday.
  clock.shift(-2 * DAY);
  let expired: string;
  try {
    expired = await create(1);
  } finally {
    clock.shift(0);
  }
  const active = await create(31);
  const sessions = {
    nadia: await signIn(url, 'nadia-benkirane'),
    julien: await signIn(url, 'julien-moreau'),
    nadiaEnded: await signedOut(url, 'nadia-benkirane'),
  };
  const audienceOf = (service: string): CitizenAudience =>
    service === 'notifier' ? CITIZEN_AUDIENCES.notifier : CITIZEN_AUDIENCES.consent;
  const calls = {
    agentMandated: { agent: 'nadia', citizen: citizen1, mandateId: active },
    agentNoMandate: { agent: 'nadia', citizen: citizen1 },
    agentOtherStructure: { agent: 'julien', citizen: citizen1, mandateId: active },
    agentExpired: { agent: 'nadia', citizen: citizen1, mandateId: expired },
    agentGuessing: { agent: 'nadia', citizen: citizen2, mandateId: active },
  } as const;
  const hourAgo = { now: () => new Date(clock.now().getTime() - 3_600_000) };
  const pastSigner = await tokenSigner(r.keysDir, hourAgo);
  const credentials: CounterCredentials = {
    token: (principal, service) => token({ ...calls[principal], audience: audienceOf(service) }),
    expiredToken: (service) =>
      pastSigner.sign({
        agent: AGENTS.nadia,
        audience: audienceOf(service),
        citizen: citizen1,
        mandateId: active,
      }),
    sessions,
  };
  return {
    counter,
    idp,
    token,
    sessions,
    credentials,
    mandates: { active, expired },
    newMandateToRevoke: () => create(31),
    close,
  };
}
