// Dates and amounts as a French reader expects them (« 28 novembre 2026 », « 10 339 € »), with
// no-break spaces; English pages get English forms; Paris time. Shared with the console.
export { formatDate, formatDateTime, formatEuros, parisDay, type Lang } from '@relais/web/text';
