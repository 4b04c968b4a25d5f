// The pages that act, each in two steps — pick, then confirm — and only through the ConsoleActions
// port, with the signed-in operator's identity (the port journals it):
//   GET  /dead-letters              filters (checked) and the list
//   POST /dead-letters/confirm      the ticked ids and replay|discard → the confirmation page
//   POST /dead-letters/replay       ids → actions.replay → the journal
//   POST /dead-letters/discard      ids + a required reason → actions.discard → the journal
//   GET  /webhooks                  failed deliveries
//   POST /webhooks/confirm          → the confirmation page
//   POST /webhooks/redeliver        ids → actions.redeliverWebhook → the journal
// Every POST needs the session's CSRF token; a wrong field is a 400 page naming it; a refusal of
// the port (a 4xx AppError, e.g. replaying a discarded letter) is a page that says nothing was done.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '@relais/kit';
import { one, parseForm, type FormBody } from '@relais/web';
import {
  checkAction,
  checkDiscardReason,
  checkFilter,
  checkSelection,
  DEAD_LETTER_ID,
  DELIVERY_ID,
  filterQuery,
  readFilter,
  type FilterInput,
  type FormError,
} from '../domain/forms.ts';
import type { OperatorAction } from '../domain/views.ts';
import { confirmBody, deadLettersBody } from '../pages/dead-letters.ts';
import { confirmRedeliverBody, webhooksBody } from '../pages/webhooks.ts';
import {
  flash,
  messagePage,
  operatorGet,
  operatorPost,
  render,
  renderErrors,
  type ConsoleWebDeps,
  type OperatorVisit,
} from './web.ts';

/** The list's filters carried through the steps: re-read and re-written, never echoed raw. */
function backOf(body: FormBody): { input: FilterInput; back: string } {
  const input = readFilter(parseForm(one(body, 'back').slice(0, 1000)));
  return { input, back: filterQuery(input) };
}

export function actionRoutes(deps: ConsoleWebDeps) {
  async function listPage(
    reply: FastifyReply,
    op: OperatorVisit,
    input: FilterInput,
    o: { errors?: FormError[]; selected?: string[] } = {},
  ) {
    const { m } = op.ctx;
    const checked = checkFilter(input);
    const base = { input, back: filterQuery(input), csrf: op.session.data.csrf };
    if (!checked.ok) {
      const { errors } = checked;
      const body = deadLettersBody(m, op.lang, { ...base, errors });
      return renderErrors(reply, op.ctx, { title: m.dlTitle, errors, body });
    }
    const list = await deps.reads.deadLetters(checked.value);
    return render(
      reply,
      op.ctx,
      {
        title: m.dlTitle,
        ...(o.errors ? { errors: o.errors } : {}),
        body: deadLettersBody(m, op.lang, { ...base, list, ...o }),
      },
      o.errors ? 400 : 200,
    );
  }

  /** What the list (under its filters) knows of the ticked ids, for the confirmation. */
  async function knownOf(input: FilterInput, ids: readonly string[]) {
    const checked = checkFilter(input);
    const listed = await deps.reads.deadLetters(
      checked.ok ? { ...checked.value, limit: 500 } : { limit: 500 },
    );
    return new Map(listed.filter((d) => ids.includes(d.id)).map((d) => [d.id, d]));
  }

  /** The failed webhooks, and what was wrong with the selection posted (400). */
  async function webhooksPage(reply: FastifyReply, op: OperatorVisit, errors?: FormError[]) {
    const { m } = op.ctx;
    const list = await deps.reads.failedWebhooks(200);
    const csrf = op.session.data.csrf;
    return render(
      reply,
      op.ctx,
      {
        title: m.whTitle,
        ...(errors ? { errors } : {}),
        body: webhooksBody(m, op.lang, { list, csrf, ...(errors ? { errors } : {}) }),
      },
      errors ? 400 : 200,
    );
  }

  /** The port's answer: to the journal with its outcome, or a page that says it was refused. */
  async function act(
    reply: FastifyReply,
    op: OperatorVisit,
    run: () => Promise<OperatorAction>,
    done: (outcome: string) => string,
  ) {
    const { m } = op.ctx;
    try {
      const action = await run();
      const said = (action.results ?? []).map((r) => `${r.target} — ${m.result(r.outcome)}`);
      flash(deps, op, done(said.length ? said.join(' ; ') : action.outcome));
      return reply.redirect('/journal', 303);
    } catch (err) {
      const refused = err instanceof AppError && err.status < 500;
      reply.log.warn({ err: refused ? err.message : err }, 'operator action failed');
      return messagePage(
        reply,
        op.ctx,
        {
          title: refused ? m.actionRefusedTitle : m.actionFailedTitle,
          lead: refused ? m.actionRefusedLead : m.actionFailedLead,
          ...(refused ? { more: err.message } : {}),
          link: { href: '/journal', text: m.seeJournal },
        },
        refused ? 409 : 503,
      );
    }
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: FormBody }>('/dead-letters', async (request, reply) => {
      const op = operatorGet(request, reply, deps, '/dead-letters');
      if (!op) return reply;
      return listPage(reply, op, readFilter(request.query));
    });

    app.post<{ Body: FormBody }>('/dead-letters/confirm', async (request, reply) => {
      const op = operatorPost(request, reply, deps);
      if (!op) return reply;
      const body = request.body ?? {};
      const { input, back } = backOf(body);
      const ids = checkSelection(body, DEAD_LETTER_ID, 'errSelection');
      const action = checkAction(body);
      if (!ids.ok || !action.ok) {
        const errors = [...(ids.ok ? [] : ids.errors), ...(action.ok ? [] : action.errors)];
        return listPage(reply, op, input, { errors: errors.slice(0, 1) });
      }
      const known = await knownOf(input, ids.value);
      const { m } = op.ctx;
      return render(reply, op.ctx, {
        title:
          action.value === 'replay'
            ? m.confirmReplayTitle(ids.value.length)
            : m.confirmDiscardTitle(ids.value.length),
        body: confirmBody(m, op.lang, {
          action: action.value,
          ids: ids.value,
          known,
          back,
          csrf: op.session.data.csrf,
        }),
      });
    });

    app.post<{ Body: FormBody }>('/dead-letters/replay', async (request, reply) => {
      const op = operatorPost(request, reply, deps);
      if (!op) return reply;
      const body = request.body ?? {};
      const ids = checkSelection(body, DEAD_LETTER_ID, 'errSelection');
      if (!ids.ok) return listPage(reply, op, backOf(body).input, { errors: ids.errors });
      return act(reply, op, () => deps.actions.replay(op.operator, ids.value), op.ctx.m.doneReplay);
    });

    app.post<{ Body: FormBody }>('/dead-letters/discard', async (request, reply) => {
      const op = operatorPost(request, reply, deps);
      if (!op) return reply;
      const body = request.body ?? {};
      const { input, back } = backOf(body);
      const ids = checkSelection(body, DEAD_LETTER_ID, 'errSelection');
      if (!ids.ok) return listPage(reply, op, input, { errors: ids.errors });
      const reason = checkDiscardReason(body);
      if (!reason.ok) {
        const { m } = op.ctx;
        const { errors } = reason;
        return renderErrors(reply, op.ctx, {
          title: m.confirmDiscardTitle(ids.value.length),
          errors,
          body: confirmBody(m, op.lang, {
            action: 'discard',
            ids: ids.value,
            known: await knownOf(input, ids.value),
            back,
            csrf: op.session.data.csrf,
            reason: one(body, 'discardReason'),
            errors,
          }),
        });
      }
      return act(
        reply,
        op,
        () => deps.actions.discard(op.operator, ids.value, reason.value),
        op.ctx.m.doneDiscard,
      );
    });

    app.get('/webhooks', async (request, reply) => {
      const op = operatorGet(request, reply, deps, '/webhooks');
      if (!op) return reply;
      return webhooksPage(reply, op);
    });

    app.post<{ Body: FormBody }>('/webhooks/confirm', async (request, reply) => {
      const op = operatorPost(request, reply, deps);
      if (!op) return reply;
      const ids = checkSelection(request.body ?? {}, DELIVERY_ID, 'errWebhookSelection');
      if (!ids.ok) return webhooksPage(reply, op, ids.errors);
      const { m } = op.ctx;
      const known = await deps.reads.failedWebhooks(200);
      return render(reply, op.ctx, {
        title: m.confirmRedeliverTitle(ids.value.length),
        body: confirmRedeliverBody(m, op.lang, {
          ids: ids.value,
          known,
          csrf: op.session.data.csrf,
        }),
      });
    });

    app.post<{ Body: FormBody }>('/webhooks/redeliver', async (request, reply) => {
      const op = operatorPost(request, reply, deps);
      if (!op) return reply;
      const ids = checkSelection(request.body ?? {}, DELIVERY_ID, 'errWebhookSelection');
      if (!ids.ok) return webhooksPage(reply, op, ids.errors);
      return act(
        reply,
        op,
        () => deps.actions.redeliverWebhook(op.operator, ids.value),
        op.ctx.m.doneRedeliver,
      );
    });
  };
}
