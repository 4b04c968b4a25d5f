// The page a notice links to for "how to stop these notices", in French and English.
import type { FastifyInstance } from 'fastify';
import './swagger-types.ts';

/**
 * The page's headers: it needs no script, no remote resource, no form and no frame, so say so
 * (an injected script or style sheet from elsewhere cannot load or run), and send no referrer
 * (a link to it may carry a token in its query).
 */
export const PREFERENCES_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** `GET /preferences`: the static page, with its headers. */
export function registerPreferencesPage(app: FastifyInstance): void {
  app.get('/preferences', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .headers(PREFERENCES_PAGE_HEADERS)
      .type('text/html; charset=utf-8')
      .send(preferencesPage()),
  );
}

/** The page as a plugin (it needs nothing). */
export async function preferencesPageRoutes(app: FastifyInstance): Promise<void> {
  registerPreferencesPage(app);
}

export function preferencesPage(): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Relais — vos messages d'information</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#161616}h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}code{background:#f0f0f0;padding:0 .2rem}</style>
</head><body>
<h1>Choisir ou arrêter les messages de Relais</h1>
<p>Relais vous écrit quand les informations que vous avez accepté de partager montrent que vous avez probablement droit à une aide que vous ne demandez pas.</p>
<ul>
<li><strong>Changer le canal ou la langue</strong>&nbsp;: dans votre espace, «&nbsp;Mes messages&nbsp;», choisissez l'espace en ligne, le courriel ou le courrier, en français ou en anglais.</li>
<li><strong>Mettre en pause</strong>&nbsp;: dans «&nbsp;Mes messages&nbsp;», cochez «&nbsp;Ne plus recevoir ces messages&nbsp;». Vos informations restent partagées.</li>
<li><strong>Arrêter complètement</strong>&nbsp;: dans «&nbsp;Mes consentements&nbsp;», retirez le consentement «&nbsp;Détection de droits (proactive-eligibility)&nbsp;». Relais efface alors les informations qu'il gardait pour cela.</li>
</ul>
<p>Sans accès à internet&nbsp;: un conseiller France services peut le faire avec vous.</p>
<h2 lang="en">Choosing or stopping Relais notices</h2>
<div lang="en">
<p>Relais writes to you when the information you agreed to share shows you are probably entitled to a benefit you have not claimed.</p>
<ul>
<li><strong>Change channel or language</strong>: in your space, "My notices": online space, e-mail or letter, in French or English.</li>
<li><strong>Pause</strong>: in "My notices", tick "Stop these notices". Your information stays shared.</li>
<li><strong>Stop entirely</strong>: in "My consents", withdraw the consent "Benefit detection (proactive-eligibility)". Relais then erases what it kept for it.</li>
</ul>
<p>Without internet access: a France services adviser can do it with you.</p>
</div>
<p><small>API: <code>PUT /v1/me/notice-preferences</code>, <code>DELETE /v1/me/consents/{id}</code>.</small></p>
</body></html>`;
}
