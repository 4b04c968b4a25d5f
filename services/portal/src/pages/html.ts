// HTML by tagged template (@relais/web): every interpolated value is escaped unless it is already
// Html (a fragment built the same way).
export { escapeHtml, html, Html, raw, type Part } from '@relais/web/text';
