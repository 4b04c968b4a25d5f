// The counter agents' routes (issue 15, dec-039/040), behind a counter token (auth/counter-*):
//   GET    /v1/counter/mandates                     my structure's active mandates
//   GET    /v1/counter/mandates/:mandateId          one of them, to act under   (CITIZEN_OPENED)
//   POST   /v1/counter/mandates                     create one with the citizen present
//   DELETE /v1/counter/mandates/:mandateId[?scope=] withdraw scopes (all by default)
//   GET    /v1/counter/consents                     the citizen's consents           (CONSENTS)
//   POST   /v1/counter/consents                     grant one, channel COUNTER        (CONSENTS)
//   DELETE /v1/counter/consents/:id                 revoke one                        (CONSENTS)
//   GET    /v1/counter/access-log                   who received the citizen's data   (DATA_FLOWS)
// Every call about a citizen passes the mandate guard; every action and refusal is journaled.
import type { FastifyPluginAsync } from 'fastify';
import {
  asConsentId,
  createMandate,
  decideMandate,
  liveScopes,
  mandateRequestProblems,
  mandateScopes,
  mandateStatus,
  revokeMandateScopes,
  type ScopeRevocation,
  type MandateConfirmation,
  type MandateDuration,
  type MandateMode,
  type MandateRecord,
  type MandateScope,
} from '@relais/contracts';
import type { PseudonymDirectory } from '@relais/identity';
import type { Clock, IdGenerator } from '@relais/kit';
import type { AccessLogStore } from '../adapters/access-log-store.ts';
import type { ChangeOutcome, ConsentWriter } from '../adapters/consent-writer.ts';
import type { CounterJournal } from '../adapters/counter-journal.ts';
import type { DocumentStore } from '../adapters/documents.ts';
import type { MandateStore } from '../adapters/mandates-store.ts';
import type { MandateChange, MandateWriter } from '../adapters/mandate-writer.ts';
import type { ReceiptSigner } from '../adapters/receipts.ts';
import { journalDone, mandateGuard } from '../auth/counter-plugin.ts';
import {
  grantConsent,
  newestFirst,
  revokeConsent,
  statusOf,
  validateGrant,
  type ConsentPolicy,
  type Revocation,
} from '../domain/consents.ts';
import { errors } from '../errors.ts';
import { grantBodySchema } from './schemas.ts';

export interface CounterRoutesDeps {
  mandates: MandateStore;
  mandateWriter: MandateWriter;
  journal: CounterJournal;
  writer: Pick<ConsentWriter, 'change'>;
  documents: DocumentStore;
  accessLog: AccessLogStore;
  policy: ConsentPolicy;
  receipts: Pick<ReceiptSigner, 'sign'>;
  directory: Pick<PseudonymDirectory, 'pseudonymOf'>;
  clock: Clock;
  ids: IdGenerator;
}

/** A mandate as agents and the citizen read it. */
export function mandateView(m: MandateRecord, now: Date) {
  return {
    mandateId: m.mandateId,
    structure: { id: m.structureId, name: m.structureName },
    agentName: m.agentName,
    scopes: liveScopes(m),
    revokedScopes: m.revokedScopes.map((r) => ({ ...r, revokedAt: r.revokedAt.toISOString() })),
    durationDays: m.durationDays,
    mode: m.mode,
    confirmation: m.confirmation,
    attestationId: m.attestationId,
    createdAt: m.createdAt.toISOString(),
    expiresAt: m.expiresAt.toISOString(),
    status: mandateStatus(m, now),
  };
}

interface MandateBody {
  scopes: MandateScope[];
  durationDays: MandateDuration;
  mode: MandateMode;
  confirmation: MandateConfirmation;
  attestationId?: string;
}

const scopeQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { scope: { type: 'string', enum: [...mandateScopes] } },
} as const;

export function counterRoutes(deps: CounterRoutesDeps): FastifyPluginAsync {
  const guard = mandateGuard(deps);
  const now = () => deps.clock.now();
  const consentView = (c: ReturnType<typeof newestFirst>[number]) => ({
    ...c,
    status: statusOf(c, now()),
  });
  return async (app) => {
    app.get('/v1/counter/mandates', { schema: { tags: ['counter'] } }, async (request) => {
      const structure = request.counter.agent.structure.id;
      const citizens = deps.mandates.ofStructure(structure).flatMap(({ pivot, mandates }) =>
        mandates
          .filter((m) => mandateStatus(m, now()) === 'active')
          .map((m) => ({
            ...mandateView(m, now()),
            // What the counter names the citizen by in its tokens: their portal pseudonym.
            citizen: deps.directory.pseudonymOf('portal', pivot),
          })),
      );
      return { mandates: citizens };
    });

    // An agent opens a citizen by a mandate id: only an active mandate of their own structure
    // answers; any other id — another structure's, an expired one, a guess — is refused and
    // journaled (to the citizen whose mandate it is, when it is one).
    app.get<{ Params: { mandateId: string } }>(
      '/v1/counter/mandates/:mandateId',
      { schema: { tags: ['counter'] } },
      async (request) => {
        const call = request.counter;
        const mandateId = request.params.mandateId.slice(0, 100);
        const pivot = deps.mandates.pivotOfMandate(mandateId);
        const decision = decideMandate(
          pivot ? deps.mandates.get(pivot)?.mandates : undefined,
          { mandateId, structureId: call.agent.structure.id, scope: 'CONSENTS' },
          now(),
        );
        // Opening needs the mandate to be alive, whatever its scopes.
        const alive =
          decision.ok || decision.code === 'mandate.scope-not-granted'
            ? decision.mandate
            : undefined;
        if (!pivot || !alive) {
          const code = decision.ok ? 'mandate.not-found' : decision.code;
          await deps.journal.write({
            pivot,
            agent: call.agent,
            mandate:
              !decision.ok && decision.mandate
                ? { mandateId, createdAt: decision.mandate.createdAt }
                : undefined,
            action: 'CITIZEN_OPENED',
            target: mandateId,
            refused: code,
          });
          if (code === 'mandate.expired' || code === 'mandate.revoked')
            throw errors.mandateRefused(code);
          throw errors.mandateNotFound();
        }
        await journalDone(deps.journal, request, { pivot, mandate: alive }, 'CITIZEN_OPENED');
        return {
          mandate: {
            ...mandateView(alive, now()),
            citizen: deps.directory.pseudonymOf('portal', pivot),
          },
        };
      },
    );

    app.post<{ Body: MandateBody }>(
      '/v1/counter/mandates',
      { schema: { tags: ['counter'], body: { type: 'object' } } },
      async (request, reply) => {
        const call = request.counter;
        const problems = mandateRequestProblems(request.body);
        if (problems.length) throw errors.invalidMandate(problems);
        if (!call.citizen) {
          await deps.journal.write({
            agent: call.agent,
            action: 'MANDATE_CREATED',
            refused: call.unknownCitizen ? 'citizen.unknown' : 'citizen.missing',
          });
          if (call.unknownCitizen) throw errors.mandateNotFound();
          throw errors.counterCallShape('a citizen (sub) to create a mandate for');
        }
        const pivot = call.citizen.pivot;
        const mandate = await deps.mandateWriter.change(pivot, (current) => {
          const state = createMandate(current, {
            mandateId: deps.ids(),
            changeId: deps.ids(),
            structure: call.agent.structure,
            agent: { sub: call.agent.sub, name: call.agent.name },
            scopes: request.body.scopes,
            durationDays: request.body.durationDays,
            mode: request.body.mode,
            confirmation: request.body.confirmation,
            attestationId: request.body.attestationId ?? null,
            now: now(),
          });
          return { state, result: state.mandates[state.mandates.length - 1] as MandateRecord };
        });
        await journalDone(deps.journal, request, { pivot, mandate }, 'MANDATE_CREATED');
        return reply.status(201).send({ mandate: mandateView(mandate, now()) });
      },
    );

    app.delete<{ Params: { mandateId: string }; Querystring: { scope?: MandateScope } }>(
      '/v1/counter/mandates/:mandateId',
      { schema: { tags: ['counter'], querystring: scopeQuery } },
      async (request) => {
        const call = request.counter;
        const target = request.query.scope ?? 'ALL';
        const refuse = async (code: string) => {
          await deps.journal.write({
            pivot: call.citizen?.pivot,
            agent: call.agent,
            action: 'MANDATE_SCOPE_REVOKED',
            target,
            refused: code,
          });
          return errors.mandateNotFound();
        };
        if (!call.citizen) throw await refuse('citizen.unknown');
        const pivot = call.citizen.pivot;
        const outcome = await deps.mandateWriter.change(
          pivot,
          (current): MandateChange<ScopeRevocation> => {
            const r = revokeMandateScopes(current, {
              mandateId: request.params.mandateId,
              scopes: request.query.scope ? [request.query.scope] : undefined,
              by: { actor: 'AGENT', structureId: call.agent.structure.id },
              changeId: deps.ids(),
              now: now(),
            });
            return r.code === 'revoked' ? { state: r.state, result: r } : { result: r };
          },
        );
        if (!('mandate' in outcome)) throw await refuse(outcome.code);
        await journalDone(
          deps.journal,
          request,
          { pivot, mandate: outcome.mandate },
          'MANDATE_SCOPE_REVOKED',
          target,
        );
        return { mandate: mandateView(outcome.mandate, now()) };
      },
    );

    app.get('/v1/counter/consents', { schema: { tags: ['counter'] } }, async (request) => {
      const ok = await guard(request, 'CONSENTS', 'CONSENTS_READ');
      await journalDone(deps.journal, request, ok, 'CONSENTS_READ');
      return { consents: newestFirst(deps.documents.get(ok.pivot)).map(consentView) };
    });

    app.post<{
      Body: { purpose: string; recipient: string; categories: string[]; expiresAt?: string };
    }>(
      '/v1/counter/consents',
      {
        schema: {
          tags: ['counter'],
          body: {
            ...grantBodySchema,
            properties: {
              ...grantBodySchema.properties,
              channel: { type: 'string', enum: ['COUNTER'], default: 'COUNTER' },
            },
          },
        },
      },
      async (request, reply) => {
        const ok = await guard(request, 'CONSENTS', 'CONSENT_GRANTED', request.body.purpose);
        // At the counter, always: the channel says an agent helped (contracts' ConsentEntry).
        const body = { ...request.body, channel: 'COUNTER' as const };
        const problems = validateGrant(body, deps.policy, now());
        if (problems.length) throw errors.invalidGrant(problems);
        const consent = await deps.writer.change(ok.pivot, (current) => {
          const { document, consent } = grantConsent(current, body, {
            clock: deps.clock,
            newId: () => asConsentId(deps.ids()),
          });
          return { document, result: consent };
        });
        await journalDone(deps.journal, request, ok, 'CONSENT_GRANTED', consent.purpose);
        const receipt = await deps.receipts.sign(consent, ok.pseudonym);
        return reply.status(201).send({ consent: consentView(consent), receipt });
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/v1/counter/consents/:id',
      { schema: { tags: ['counter'] } },
      async (request) => {
        const ok = await guard(request, 'CONSENTS', 'CONSENT_REVOKED', request.params.id);
        const id = asConsentId(request.params.id.slice(0, 100));
        const outcome = await deps.writer.change(ok.pivot, (current): ChangeOutcome<Revocation> => {
          const revocation = revokeConsent(current, id, deps.clock);
          return revocation.code === 'revoked'
            ? { document: revocation.document, result: revocation }
            : { result: revocation };
        });
        if (outcome.code === 'not-found') throw errors.consentNotFound(outcome.id);
        await journalDone(deps.journal, request, ok, 'CONSENT_REVOKED', outcome.consent.purpose);
        return { consent: consentView(outcome.consent) };
      },
    );

    app.get('/v1/counter/access-log', { schema: { tags: ['counter'] } }, async (request) => {
      const ok = await guard(request, 'DATA_FLOWS', 'DATA_FLOWS_READ');
      await journalDone(deps.journal, request, ok, 'DATA_FLOWS_READ');
      return { records: deps.accessLog.list(ok.pivot, 100) };
    });
  };
}
