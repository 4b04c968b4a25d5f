// Route schemas carry OpenAPI `tags`, `summary` and `hide` (types from @fastify/swagger).
import type {} from '@fastify/swagger';
