// The pages that read: the dashboard, flow lookup and one flow's path, lag and throughput, the
// audit chains, the operators' journal. Every query string is checked before a port is asked; a
// wrong one is a 400 page naming the field, never a 5xx.
import type { FastifyInstance } from 'fastify';
import type { FormBody } from '@relais/web';
import {
  checkFlowSearch,
  emptySearch,
  isEventId,
  readFlowSearch,
  wholeNumber,
} from '../domain/forms.ts';
import { dashboardBody, welcomeBody, type Figure } from '../pages/home.ts';
import { flowBody } from '../pages/flow.ts';
import { flowsBody } from '../pages/flows.ts';
import { lagBody } from '../pages/lag.ts';
import { auditBody } from '../pages/audit.ts';
import { journalBody } from '../pages/journal.ts';
import {
  context,
  messagePage,
  operatorGet,
  render,
  renderErrors,
  takeFlash,
  visit,
  type ConsoleWebDeps,
  type OperatorVisit,
} from './web.ts';
import type { PageOptions } from '../pages/layout.ts';

/** A figure of the dashboard, or undefined (shown as unavailable) when its read failed. */
async function figure<T>(read: Promise<T>, of: (v: T) => Figure): Promise<Figure> {
  try {
    return of(await read);
  } catch {
    return { value: undefined };
  }
}

export function pageRoutes(deps: ConsoleWebDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/', async (request, reply) => {
      const v = visit(request, deps);
      if (!v.session || v.session.data.kind === 'login') {
        const ctx = context(request, deps, v);
        return render(reply, ctx, { title: ctx.m.welcomeTitle, body: welcomeBody(ctx.m) });
      }
      const op = operatorGet(request, reply, deps, '/');
      if (!op) return reply;
      const { reads } = deps;
      const [lag, deadLetters, webhooks, audit] = await Promise.all([
        figure(reads.lag(), (l) => ({ value: l.groups.reduce((n, g) => n + g.totalLag, 0) })),
        figure(reads.deadLetters({ status: 'open', limit: 500 }), (d) => ({ value: d.length })),
        figure(reads.failedWebhooks(500), (w) => ({ value: w.length })),
        figure(reads.audit(), (a) => ({
          value: a.partitions.filter((p) => p.ok).length,
          of: a.partitions.length,
        })),
      ]);
      return render(reply, op.ctx, {
        title: op.ctx.m.homeTitle,
        body: dashboardBody(op.ctx.m, op.lang, { lag, deadLetters, webhooks, audit }),
      });
    });

    app.get<{ Querystring: FormBody }>('/flows', async (request, reply) => {
      const op = operatorGet(request, reply, deps, '/flows');
      if (!op) return reply;
      const now = deps.clock.now();
      const { m } = op.ctx;
      const asked = Object.keys(request.query).length > 0;
      if (!asked) {
        return render(reply, op.ctx, {
          title: m.flowsTitle,
          body: flowsBody(m, op.lang, { input: emptySearch(now), traceUiUrl: deps.traceUiUrl }),
        });
      }
      const input = readFlowSearch(request.query, now);
      const checked = checkFlowSearch(input);
      if (!checked.ok) {
        const { errors } = checked;
        const body = flowsBody(m, op.lang, { input, errors, traceUiUrl: deps.traceUiUrl });
        return renderErrors(reply, op.ctx, { title: m.flowsTitle, errors, body });
      }
      const results = await deps.reads.findFlows(checked.value);
      return render(reply, op.ctx, {
        title: m.resultsTitle(results.length),
        body: flowsBody(m, op.lang, { input, results, traceUiUrl: deps.traceUiUrl }),
      });
    });

    app.get<{ Params: { eventId: string } }>('/flows/:eventId', async (request, reply) => {
      const op = operatorGet(request, reply, deps, '/flows');
      if (!op) return reply;
      const { m } = op.ctx;
      const id = request.params.eventId;
      const back = { href: '/flows', text: m.flowsTitle };
      if (!isEventId(id)) {
        return messagePage(
          reply,
          op.ctx,
          { title: m.badRequestTitle, lead: m.errEventId, link: back },
          400,
        );
      }
      const flow = await deps.reads.flow(id);
      if (!flow) {
        const lead = m.flowNotFoundLead;
        return messagePage(reply, op.ctx, { title: m.flowNotFoundTitle, lead, link: back }, 404);
      }
      return render(reply, op.ctx, {
        title: m.flowTitle(flow.eventId),
        body: flowBody(m, op.lang, flow, deps.traceUiUrl),
      });
    });

    /** A page that shows what one read answers. */
    const view = <T>(
      path: string,
      read: () => Promise<T>,
      show: (op: OperatorVisit, v: T) => PageOptions,
    ) =>
      app.get(path, async (request, reply) => {
        const op = operatorGet(request, reply, deps, path);
        if (!op) return reply;
        return render(reply, op.ctx, show(op, await read()));
      });

    view(
      '/lag',
      () => deps.reads.lag(),
      (op, v) => ({
        title: op.ctx.m.lagTitle,
        body: lagBody(op.ctx.m, op.lang, v, { refreshSeconds: deps.refreshSeconds }),
        scripts: Object.values(deps.assets.scriptPaths),
      }),
    );

    view(
      '/audit',
      () => deps.reads.audit(),
      (op, v) => ({
        title: op.ctx.m.auditTitle,
        body: auditBody(op.ctx.m, op.lang, v),
      }),
    );

    app.get<{ Querystring: { limit?: string } }>('/journal', async (request, reply) => {
      const op = operatorGet(request, reply, deps, '/journal');
      if (!op) return reply;
      const { m } = op.ctx;
      const limit = request.query.limit === undefined ? 100 : wholeNumber(request.query.limit);
      if (limit === undefined) {
        const link = { href: '/journal', text: m.journalTitle };
        return messagePage(
          reply,
          op.ctx,
          { title: m.badRequestTitle, lead: m.errLimit, link },
          400,
        );
      }
      const actions = await deps.reads.journal(limit);
      return render(reply, op.ctx, {
        title: m.journalTitle,
        body: journalBody(m, op.lang, { actions, flash: takeFlash(deps, op) }),
      });
    });
  };
}
