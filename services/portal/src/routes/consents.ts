// The citizen's consents.
//   GET  /                        home (signed out: what Relais is; signed in: what it found, may share)
//   GET  /consents                list (health/disability ones behind eidas2)
//   GET  /consents/new, POST /consents          grant
//   POST /consents/:id/revoke                    withdraw one, one click
//   GET  /consents/:id/receipt                   the signed receipt, as a file
//   GET, POST /consents/revoke-all               withdraw all (eidas2)
//   GET, POST /receipts/verify                   check a receipt on the page
import type { FastifyInstance } from 'fastify';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { parisDay } from '../domain/format.ts';
import { checkGrant, grantChoices, one, readGrant, type FormBody } from '../domain/forms.ts';
import { t } from '../domain/i18n.ts';
import { STEP_UP_LEVEL, touchesSensitive } from '../domain/levels.ts';
import { homeBody, welcomeBody } from '../pages/home.ts';
import { withAssistantWidget } from '../pages/assistant.ts';
import { assistantWords } from '../domain/words-assistant.ts';
import {
  consentsBody,
  consentWhat,
  grantBody,
  receiptBody,
  revokeAllBody,
  type VerifiedReceipt,
} from '../pages/consents.ts';
import {
  asCitizen,
  citizenGet,
  citizenPost,
  context,
  flash,
  hasLevel,
  notFoundPage,
  render,
  takeFlash,
  toLogin,
  visit,
  type PortalDeps,
} from './web.ts';

const ID = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$' } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: ID } } as const;

export function consentRoutes(deps: PortalDeps) {
  const choices = grantChoices(deps.catalog);
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/', async (request, reply) => {
      const v = visit(request, deps);
      const c = asCitizen(v, deps);
      const ctx = context(request, deps, v);
      if (!c) return render(reply, ctx, { title: ctx.m.welcomeTitle, body: welcomeBody(ctx.m) });
      const [consents, log, notices] = await Promise.all([
        deps.api.consents(c.caller),
        deps.api.accessLog(c.caller),
        deps.api.notices(c.caller),
      ]);
      return render(reply, ctx, {
        title: ctx.m.homeTitle(c.session.data.givenName),
        body: withAssistantWidget(
          homeBody(ctx.m, deps.catalog, c.labels, {
            givenName: c.session.data.givenName,
            notices: notices.length,
            unread: notices.filter((n) => !n.openedAt).length,
            deliveries: log.length,
            activeConsents: consents.filter((x) => x.status === 'active').length,
          }),
          assistantWords(c.lang),
          c.session.data.csrf,
        ),
      });
    });

    app.get('/consents', async (request, reply) => {
      const c = citizenGet(request, reply, deps, '/consents');
      if (!c) return reply;
      const all = await deps.api.consents(c.caller);
      const shown = hasLevel(c, STEP_UP_LEVEL)
        ? all
        : all.filter((x) => !touchesSensitive(x.categories));
      const ctx = context(request, deps, c);
      return render(reply, ctx, {
        title: ctx.m.consentsTitle,
        body: consentsBody(ctx.m, c.lang, c.labels, {
          consents: shown,
          hidden: all.length - shown.length,
          csrf: c.session.data.csrf,
          flash: takeFlash(deps, c),
        }),
      });
    });

    app.get('/consents/new', async (request, reply) => {
      const c = citizenGet(request, reply, deps, '/consents/new');
      if (!c) return reply;
      const ctx = context(request, deps, c);
      return render(reply, ctx, {
        title: ctx.m.grantTitle,
        body: grantBody(ctx.m, c.labels, {
          choices,
          input: { purpose: '', recipient: '', categories: [], expires: '' },
          csrf: c.session.data.csrf,
          sensitiveAllowed: hasLevel(c, STEP_UP_LEVEL),
        }),
      });
    });

    app.post<{ Body: FormBody }>('/consents', async (request, reply) => {
      const c = citizenPost(request, reply, deps);
      if (!c) return reply;
      const input = readGrant(request.body);
      const checked = checkGrant(input, choices, {
        today: parisDay(deps.clock.now()),
        acr: c.session.data.acr,
      });
      const ctx = context(request, deps, c, '/consents/new');
      if ('errors' in checked) {
        return render(
          reply,
          ctx,
          {
            title: ctx.m.grantTitle,
            errors: checked.errors,
            body: grantBody(ctx.m, c.labels, {
              choices,
              input,
              errors: checked.errors,
              csrf: c.session.data.csrf,
              sensitiveAllowed: hasLevel(c, STEP_UP_LEVEL),
            }),
          },
          400,
        );
      }
      const { consent } = await deps.api.grant(c.caller, checked.request);
      flash(deps, c, ctx.m.grantedFlash(consentWhat(c.labels, consent)));
      return reply.redirect('/consents', 303);
    });

    app.post<{ Params: { id: string }; Body: FormBody }>(
      '/consents/:id/revoke',
      { schema: { params: idParams } },
      async (request, reply) => {
        const c = citizenPost(request, reply, deps);
        if (!c) return reply;
        const revoked = await deps.api.revoke(c.caller, request.params.id);
        if (!revoked) return notFoundPage(request, reply, deps);
        flash(deps, c, t(c.lang).revokedFlash(consentWhat(c.labels, revoked)));
        return reply.redirect('/consents', 303);
      },
    );

    app.get<{ Params: { id: string } }>(
      '/consents/:id/receipt',
      { schema: { params: idParams } },
      async (request, reply) => {
        const c = citizenGet(request, reply, deps, '/consents');
        if (!c) return reply;
        const receipt = await deps.api.receipt(c.caller, request.params.id);
        if (!receipt) return notFoundPage(request, reply, deps);
        return reply
          .header(
            'content-disposition',
            `attachment; filename="relais-receipt-${request.params.id}.jwt"`,
          )
          .type('application/jwt')
          .send(receipt);
      },
    );

    app.get('/consents/revoke-all', async (request, reply) => {
      const c = citizenGet(request, reply, deps, '/consents/revoke-all');
      if (!c) return reply;
      if (!hasLevel(c, STEP_UP_LEVEL)) return toLogin(reply, '/consents/revoke-all', STEP_UP_LEVEL);
      const ctx = context(request, deps, c);
      const active = (await deps.api.consents(c.caller)).filter((x) => x.status === 'active');
      return render(reply, ctx, {
        title: ctx.m.revokeAllTitle,
        body: revokeAllBody(ctx.m, c.labels, {
          active,
          csrf: c.session.data.csrf,
          flash: takeFlash(deps, c),
        }),
      });
    });

    app.post<{ Body: FormBody }>('/consents/revoke-all', async (request, reply) => {
      const c = citizenPost(request, reply, deps);
      if (!c) return reply;
      if (!hasLevel(c, STEP_UP_LEVEL)) return toLogin(reply, '/consents/revoke-all', STEP_UP_LEVEL);
      const active = (await deps.api.consents(c.caller)).filter((x) => x.status === 'active');
      for (const consent of active) await deps.api.revoke(c.caller, consent.id);
      flash(deps, c, t(c.lang).revokeAllDone(active.length));
      return reply.redirect('/consents/revoke-all', 303);
    });

    app.get('/receipts/verify', async (request, reply) => {
      const c = citizenGet(request, reply, deps, '/receipts/verify');
      if (!c) return reply;
      const ctx = context(request, deps, c);
      return render(reply, ctx, {
        title: ctx.m.receiptVerifyTitle,
        body: receiptBody(ctx.m, c.lang, c.labels, { receipt: '', csrf: c.session.data.csrf }),
      });
    });

    app.post<{ Body: FormBody }>('/receipts/verify', async (request, reply) => {
      const c = citizenPost(request, reply, deps);
      if (!c) return reply;
      const receipt = one(request.body, 'receipt').replace(/\s+/g, '');
      const ctx = context(request, deps, c, '/receipts/verify');
      if (!receipt) {
        const errors = [{ field: 'receipt', message: 'errReceiptMissing' as const }];
        return render(
          reply,
          ctx,
          {
            title: ctx.m.receiptVerifyTitle,
            errors,
            body: receiptBody(ctx.m, c.lang, c.labels, {
              receipt,
              errors,
              csrf: c.session.data.csrf,
            }),
          },
          400,
        );
      }
      const keys = await deps.api.receiptKeys();
      let result: VerifiedReceipt;
      try {
        const { payload, protectedHeader } = await jwtVerify(
          receipt,
          createLocalJWKSet(keys as unknown as JSONWebKeySet),
          { issuer: 'relais-consent', algorithms: ['ES256'], typ: 'consent-receipt+jwt' },
        );
        result = {
          valid: true,
          claims: payload as unknown as NonNullable<VerifiedReceipt['claims']>,
          ...(protectedHeader.kid ? { kid: protectedHeader.kid } : {}),
        };
      } catch {
        result = { valid: false };
      }
      return render(
        reply,
        ctx,
        {
          title: ctx.m.receiptVerifyTitle,
          body: receiptBody(ctx.m, c.lang, c.labels, {
            receipt,
            result,
            csrf: c.session.data.csrf,
          }),
        },
        200,
      );
    });
  };
}
