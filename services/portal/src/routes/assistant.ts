// The assistant (issue 16), for signed-in citizens:
//   GET  /assistant    the question form
//   POST /assistant    a question (CSRF like every form): the answer, built by @relais/assistant
//                      from this citizen's records only, read through the pages' own calls
// What is kept: a count per intent (relais_assistant_questions_total{intent}); never the question,
// never the answer, never who asked. The question is not logged either (the kit logs the route).
import {
  ask,
  countQuestion,
  createClassifier,
  emptyCounts,
  INTENTS,
  MAX_QUESTION,
  type Answer,
} from '@relais/assistant';
import { relaisMetrics, type ServiceMetrics } from '@relais/kit';
import { FRAME_WORDS, one, parisDay } from '@relais/web/text';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { citizenRecords } from '../adapters/assistant-records.ts';
import type { FormBody } from '../domain/forms.ts';
import { assistantWords } from '../domain/words-assistant.ts';
import { assistantBody } from '../pages/assistant.ts';
import {
  citizenGet,
  citizenPost,
  context,
  render,
  type CitizenVisit,
  type PortalDeps,
} from './web.ts';

export interface AssistantDeps extends PortalDeps {
  /** Where the counts per intent are exposed (the portal's /metrics/prometheus). */
  metrics?: ServiceMetrics | undefined;
}

export function assistantRoutes(deps: AssistantDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    const classifier = createClassifier();
    const counts = emptyCounts();
    deps.metrics?.counterFrom(relaisMetrics.portal.assistantQuestions, () =>
      INTENTS.map((intent) => [{ intent }, counts[intent]] as const),
    );

    const show = (
      request: Parameters<typeof context>[0],
      reply: FastifyReply,
      c: CitizenVisit,
      o: { question: string; answer?: Answer; error?: string },
      status = 200,
    ) => {
      const ctx = context(request, deps, c, '/assistant');
      const w = assistantWords(c.lang);
      const words = FRAME_WORDS[c.lang];
      return render(
        reply,
        ctx,
        {
          title: `${o.error ? words.errorPrefix : ''}${w.title}`,
          body: assistantBody(w, {
            csrf: c.session.data.csrf,
            question: o.question,
            answer: o.answer,
            error: o.error,
            errorTitle: words.errorSummaryTitle,
          }),
        },
        status,
      );
    };

    app.get('/assistant', async (request, reply) => {
      const c = citizenGet(request, reply, deps, '/assistant');
      if (!c) return reply;
      return show(request, reply, c, { question: '' });
    });

    app.post<{ Body: FormBody }>('/assistant', async (request, reply) => {
      const c = citizenPost(request, reply, deps);
      if (!c) return reply;
      const body = request.body ?? {};
      const question = (one(body, 'question') || one(body, 'widget-question')).trim();
      const w = assistantWords(c.lang);
      if (!question) return show(request, reply, c, { question, error: w.empty }, 400);
      if (question.length > MAX_QUESTION)
        return show(request, reply, c, { question, error: w.tooLong(MAX_QUESTION) }, 400);
      const { intent, answer } = await ask({
        classifier,
        question,
        lang: c.lang,
        today: parisDay(deps.clock.now()),
        words: c.labels,
        source: citizenRecords(deps.api, c),
      });
      countQuestion(counts, intent);
      return show(request, reply, c, { question, answer });
    });
  };
}
