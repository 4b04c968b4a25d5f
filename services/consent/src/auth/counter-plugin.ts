// The counter agents' scope (dec-039): every route registered beside this plugin needs a counter
// token (auth/counter-tokens.ts); `mandateGuard` then checks, for one call, that the token's
// mandate is the named citizen's, held by the agent's structure, unexpired and granting the scope
// (contracts' decideMandate) — deny by default — and journals every refusal it makes.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { decideMandate, type MandateRecord, type MandateScope } from '@relais/contracts';
import type { Pivot, Pseudonym } from '@relais/identity';
import type { Clock } from '@relais/kit';
import type { AgentActionKind, CounterJournal } from '../adapters/counter-journal.ts';
import type { MandateStore } from '../adapters/mandates-store.ts';
import { errors } from '../errors.ts';
import { bearerOf, type CounterCall, type CounterTokens } from './counter-tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified counter call; routes under the counter plugin can rely on it. */
    counter: CounterCall;
  }
}

export function requireCounterAgent(tokens: Pick<CounterTokens, 'verify'>): FastifyPluginAsync {
  return fp(async (app) => {
    app.decorateRequest('counter');
    app.addHook('onRequest', async (request, reply) => {
      try {
        request.counter = await tokens.verify(bearerOf(request.headers.authorization));
      } catch (err) {
        reply.header('www-authenticate', 'Bearer realm="relais-counter", error="invalid_token"');
        throw err;
      }
    });
  });
}

export interface Authorised {
  pivot: Pivot;
  /** The citizen's portal pseudonym (what receipts name). */
  pseudonym: Pseudonym;
  mandate: MandateRecord;
}

/** Checks one call against the mandates; journals and throws on refusal. */
export function mandateGuard(deps: {
  mandates: Pick<MandateStore, 'get'>;
  journal: CounterJournal;
  clock: Clock;
}) {
  return async (
    request: FastifyRequest,
    scope: MandateScope,
    action: AgentActionKind,
    target?: string,
  ): Promise<Authorised> => {
    const call = request.counter;
    const refuse = async (code: string, pivot?: Pivot, mandate?: MandateRecord) => {
      await deps.journal.write({
        pivot,
        agent: call.agent,
        mandate: mandate
          ? { mandateId: mandate.mandateId, createdAt: mandate.createdAt }
          : undefined,
        action,
        target,
        refused: code,
      });
    };
    if (!call.citizen || !call.mandateId) {
      await refuse(call.unknownCitizen ? 'citizen.unknown' : 'mandate.missing');
      throw errors.mandateNotFound();
    }
    const decision = decideMandate(
      deps.mandates.get(call.citizen.pivot)?.mandates,
      { mandateId: call.mandateId, structureId: call.agent.structure.id, scope },
      deps.clock.now(),
    );
    if (!decision.ok) {
      // The citizen sees the attempt; the agent learns nothing of another structure's mandate.
      await refuse(decision.code, call.citizen.pivot, decision.mandate);
      if (decision.code === 'mandate.not-found' || decision.code === 'mandate.other-structure')
        throw errors.mandateNotFound();
      throw errors.mandateRefused(decision.code);
    }
    return {
      pivot: call.citizen.pivot,
      pseudonym: call.citizen.pseudonym,
      mandate: decision.mandate,
    };
  };
}

export type MandateGuard = ReturnType<typeof mandateGuard>;

/** Journals a done action under the mandate the guard authorised. */
export function journalDone(
  journal: CounterJournal,
  request: FastifyRequest,
  authorised: Pick<Authorised, 'pivot' | 'mandate'>,
  action: AgentActionKind,
  target?: string,
) {
  return journal.write({
    pivot: authorised.pivot,
    agent: request.counter.agent,
    mandate: { mandateId: authorised.mandate.mandateId, createdAt: authorised.mandate.createdAt },
    action,
    target,
    refused: null,
  });
}
