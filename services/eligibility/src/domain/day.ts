// Legal dates are French dates: the day of an instant in France's civil time.

/** `YYYY-MM-DD` of an instant, in France's civil time (Europe/Paris). */
export const dayOf = (d: Date): string =>
  d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
