// @relais/web: what the citizens' portal and the operators' console share. The pure half (HTML
// template, formats) is also at @relais/web/text for src/domain/ and the pages.
export * from './text.ts';
export { assetRoutes, DSFR_PREFIX, loadAssets, type Assets, type AssetsOptions } from './assets.ts';
export {
  csrfField,
  dsfrPage,
  facePage,
  FRAME_CSS,
  langSwitch,
  navItems,
  renderFacePage,
  signOutForm,
  type FaceContext,
  type FacePage,
  type FacePageOptions,
  type FaceWords,
  type FrameInput,
  type FrameWords,
  type NavItem,
} from './dsfr.ts';
export {
  choiceFieldset,
  errorSummary,
  messageBody,
  notice,
  selectInput,
  textInput,
  type FieldMessage,
} from './fields.ts';
export {
  clearCookie,
  contentSecurityPolicy,
  cookieNames,
  csrfMatches,
  readCookies,
  setCookie,
  webBasics,
  type CookieNames,
  type CspOptions,
} from './http.ts';
export {
  baseRelyingParty,
  LoginError,
  type BaseRelyingParty,
  type OidcOptions,
  type RelyingPartyOptions,
  type SignedIn,
} from './oidc.ts';
export { randomToken, sessionStore, type SessionStore } from './sessions.ts';
export {
  faceContext,
  faceReplies,
  langOf,
  langSwitchRoute,
  setFlash,
  takeFlash,
  visitOf,
  visitOfKind,
  type FaceSessions,
  type FaceVisit,
} from './visits.ts';
export { documentPages, sessionCookieScheme, type FaceDocument } from './openapi.ts';
export { badge, facts, stackedTable, TABLE_CSS, type BadgeKind } from './tables.ts';
export {
  agentsGate,
  agentsSignIn,
  type AgentsFace,
  type AgentsMessage,
  type AgentsSessionData,
  type AgentsSignInOptions,
  type AgentsVerdict,
  type AgentsVisit,
  type AgentsWords,
} from './agents.ts';
