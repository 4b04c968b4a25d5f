// The body of a preferences change, for the citizen (routes/citizen.ts) and for an agent at the
// counter (routes/counter.ts): one schema, validated the same way.
import { CHANNELS } from '../domain/preferences.ts';

export const preferencesBodySchema = {
  type: 'object',
  required: ['channels', 'language'],
  additionalProperties: false,
  properties: {
    channels: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: [...CHANNELS] },
    },
    language: { type: 'string', enum: ['FR', 'EN'] },
    email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', maxLength: 254 },
    postalAddress: {
      type: 'object',
      required: ['name', 'lines'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 38 },
        lines: {
          type: 'array',
          minItems: 2,
          maxItems: 5,
          items: { type: 'string', minLength: 1, maxLength: 38 },
        },
      },
    },
    paused: { type: 'boolean' },
  },
} as const;
