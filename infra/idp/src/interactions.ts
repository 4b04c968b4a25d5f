// The pages of the interactions oidc-provider hands over (its interaction API; no
// devInteractions): the login step (a demo account) and the confirmation step (which data goes to
// which service), each a GET page and a POST form, plus the way out (access_denied).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, type default as Provider } from 'oidc-provider';
import type { Agent } from './domain/agents.ts';
import { accountId as accountIdOf, parseAccountId, type Audience } from './domain/audience.ts';
import type { Citizen } from './domain/citizens.ts';
import { claimsForScopes, IDENTITY_CLAIMS } from './domain/claims.ts';
import { isEidasLevel, parseAcrValues, satisfies, type EidasLevel } from './domain/eidas.ts';
import { readForm, send } from './http.ts';
import { consentPage } from './pages/consent.ts';
import { isLang, WORDS, type Lang, type Words } from './pages/i18n.ts';
import { loginField, loginPage, type LoginAccount } from './pages/login.ts';
import { messagePage } from './pages/messages.ts';

export const LANG_COOKIE = 'relais_idp_lang';

export interface InteractionSetup {
  provider: Provider;
  citizens: readonly Citizen[];
  agents: readonly Agent[];
  /** The audience of a client id (citizens for an unknown one: nothing of an agent's shows). */
  audienceOf: (clientId: unknown) => Audience;
  interactionBase: string;
  headers: Readonly<Record<string, string>>;
  langOf: (req: IncomingMessage, ...more: unknown[]) => Lang;
}

export interface Interactions {
  show(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void>;
  login(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void>;
  consent(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void>;
  abort(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void>;
  /** A page that only says something, in the request's language. */
  message(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    pick: (w: Words) => { title: string; text: string[] },
  ): void;
}

export function interactions(setup: InteractionSetup): Interactions {
  const { provider, citizens, agents, audienceOf, interactionBase, headers, langOf } = setup;
  const byHandle = new Map(citizens.map((c) => [c.handle, c]));

  /** The accounts a client's login page lists: its audience's, never the other's. */
  function accountsFor(audience: Audience, lang: Lang): LoginAccount[] {
    if (audience === 'citizens') {
      return citizens.map((c) => ({ handle: c.handle, name: c.name, eidasMax: c.eidasMax }));
    }
    const w = WORDS[lang].agentLogin;
    return agents.map((a) => ({
      handle: a.handle,
      name: a.name,
      eidasMax: a.eidasMax,
      detail: `${a.structure?.name ?? a.identity.organizational_unit} · ${w.rolesLine(a.roles.map((r) => w.roles[r]).join(', '))}`,
    }));
  }

  function html(res: ServerResponse, status: number, body: string): void {
    send(res, status, 'text/html; charset=utf-8', body, {
      ...headers,
      'Cache-Control': 'no-store',
    });
  }

  function message(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    pick: (w: Words) => { title: string; text: string[] },
  ): void {
    const lang = langOf(req);
    const { title, text } = pick(WORDS[lang]);
    html(res, status, messagePage(lang, title, text));
  }

  /** The interaction of this request, or a 400 page when it expired or is not this one. */
  async function interactionOf(req: IncomingMessage, res: ServerResponse, uid: string) {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) throw new errors.SessionNotFound('interaction mismatch');
      return details;
    } catch (error) {
      if (error instanceof errors.SessionNotFound) {
        message(req, res, 400, (w) => ({
          title: w.errors.expired,
          text: [w.errors.expiredHelp],
        }));
        return undefined;
      }
      throw error;
    }
  }

  async function clientName(clientId: unknown): Promise<string> {
    const client = typeof clientId === 'string' ? await provider.Client.find(clientId) : undefined;
    return client?.clientName ?? client?.clientId ?? String(clientId);
  }

  type Details = Awaited<ReturnType<typeof provider.interactionDetails>>;

  async function renderLogin(
    req: IncomingMessage,
    res: ServerResponse,
    details: Details,
    status: number,
    state: { chosen?: string; error?: { kind: 'none' } | { kind: 'level'; account: LoginAccount } },
  ): Promise<void> {
    const lang = langOf(req, details.params['ui_locales']);
    const audience = audienceOf(details.params['client_id']);
    const asked = parseAcrValues(details.params['acr_values'] as string | undefined);
    const base = `${interactionBase}${details.uid}`;
    html(
      res,
      status,
      loginPage({
        lang,
        audience,
        action: `${base}/login`,
        abortAction: `${base}/abort`,
        switchHref: `${base}?lang=${lang === 'fr' ? 'en' : 'fr'}`,
        service: await clientName(details.params['client_id']),
        required: asked.ok ? asked.minimum : 'eidas1',
        accounts: accountsFor(audience, lang),
        levelTooLowBefore: details.prompt.reasons.includes('eidas_level'),
        ...state,
      }),
    );
  }

  async function renderConsent(
    req: IncomingMessage,
    res: ServerResponse,
    details: Details,
  ): Promise<void> {
    const lang = langOf(req, details.params['ui_locales']);
    const signedIn = parseAccountId(details.session?.accountId ?? '');
    const citizen = signedIn.audience === 'citizens' ? byHandle.get(signedIn.handle) : undefined;
    const acr = details.session?.acr;
    if (!citizen || !isEidasLevel(acr)) throw new Error('consent without a signed-in citizen');
    const base = `${interactionBase}${details.uid}`;
    const scope = String(details.params['scope'] ?? '').split(' ');
    const missingClaims =
      (details.prompt.details['missingOIDCClaims'] as string[] | undefined) ?? [];
    html(
      res,
      200,
      consentPage({
        lang,
        action: `${base}/consent`,
        abortAction: `${base}/abort`,
        switchHref: `${base}?lang=${lang === 'fr' ? 'en' : 'fr'}`,
        service: await clientName(details.params['client_id']),
        citizen,
        level: acr,
        claims: claimsForScopes([
          ...scope,
          ...missingClaims.filter((c) => (IDENTITY_CLAIMS as readonly string[]).includes(c)),
        ]),
      }),
    );
  }

  async function showInteraction(req: IncomingMessage, res: ServerResponse, uid: string) {
    const query = new URL(req.url ?? '/', 'http://idp').searchParams;
    const lang = query.get('lang');
    if (isLang(lang)) {
      res.setHeader(
        'Set-Cookie',
        `${LANG_COOKIE}=${lang}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000`,
      );
      // This request already speaks it.
      req.headers.cookie = `${LANG_COOKIE}=${lang}; ${req.headers.cookie ?? ''}`;
    }
    const details = await interactionOf(req, res, uid);
    if (!details) return;
    if (details.prompt.name === 'login') return renderLogin(req, res, details, 200, {});
    // ProConnect asks agents no confirmation: what a service receives is settled when it is
    // registered. The grant is what the client asked for, within its audience's scopes.
    if (details.prompt.name === 'consent' && audienceOf(details.params['client_id']) === 'agents') {
      return grant(req, res, details);
    }
    if (details.prompt.name === 'consent') return renderConsent(req, res, details);
    throw new Error(`unexpected prompt ${details.prompt.name}`);
  }

  async function submitLogin(req: IncomingMessage, res: ServerResponse, uid: string) {
    const form = await readForm(req);
    const details = await interactionOf(req, res, uid);
    if (!details) return;
    if (details.prompt.name !== 'login') {
      // Already signed in (a second tab, a back button): show the step that is pending.
      res.statusCode = 303;
      res.setHeader('Location', `${interactionBase}${uid}`);
      res.end();
      return;
    }
    const audience = audienceOf(details.params['client_id']);
    // Only this client's audience: a citizen's handle posted to the agents' client (or the
    // reverse) is no account here.
    const handle = form.get(loginField(audience)) ?? '';
    const account = accountsFor(audience, 'fr').find((a) => a.handle === handle);
    if (!account) return renderLogin(req, res, details, 400, { error: { kind: 'none' } });
    const asked = parseAcrValues(details.params['acr_values'] as string | undefined);
    const required: EidasLevel = asked.ok ? asked.minimum : 'eidas1';
    if (!satisfies(account.eidasMax, required)) {
      return renderLogin(req, res, details, 400, {
        chosen: handle,
        error: {
          kind: 'level',
          account: accountsFor(audience, langOf(req)).find((a) => a.handle === handle) ?? account,
        },
      });
    }
    await provider.interactionFinished(
      req,
      res,
      // The sign-in is at the level asked for (the least of acr_values), which the account reaches:
      // as a FranceConnect identity provider of that level would sign the citizen in. A later
      // request for a higher level signs in again (step-up), up to the account's highest level.
      {
        login: { accountId: accountIdOf(audience, account.handle), acr: required, remember: false },
      },
      { mergeWithLastSubmission: false },
    );
  }

  async function submitConsent(req: IncomingMessage, res: ServerResponse, uid: string) {
    await readForm(req);
    const details = await interactionOf(req, res, uid);
    if (!details) return;
    if (details.prompt.name !== 'consent') {
      res.statusCode = 303;
      res.setHeader('Location', `${interactionBase}${uid}`);
      res.end();
      return;
    }
    return grant(req, res, details);
  }

  /** The confirmation given: the scopes and claims asked for are granted to the client. */
  async function grant(req: IncomingMessage, res: ServerResponse, details: Details) {
    const accountId = details.session?.accountId;
    const clientId = details.params['client_id'];
    if (accountId === undefined || typeof clientId !== 'string') {
      throw new Error('consent without a session or a client');
    }
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId, clientId });
    if (!grant) throw new errors.SessionNotFound('grant not found');
    const missingScope = details.prompt.details['missingOIDCScope'] as string[] | undefined;
    const missingClaims = details.prompt.details['missingOIDCClaims'] as string[] | undefined;
    if (missingScope) grant.addOIDCScope(missingScope.join(' '));
    if (missingClaims) grant.addOIDCClaims(missingClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { consent: details.grantId ? {} : { grantId } },
      { mergeWithLastSubmission: true },
    );
  }

  async function abort(req: IncomingMessage, res: ServerResponse, uid: string) {
    await readForm(req);
    const details = await interactionOf(req, res, uid);
    if (!details) return;
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'End-User aborted interaction' },
      { mergeWithLastSubmission: false },
    );
  }

  return {
    show: showInteraction,
    login: submitLogin,
    consent: submitConsent,
    abort,
    message,
  };
}
