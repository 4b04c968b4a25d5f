// The evaluation as CI sees it: the goals of issue 16 hold on the whole set.
import { describe, expect, it } from 'vitest';
import { runEval } from '../src/eval/run.ts';
import { HELD_OUT } from '../src/eval/heldout.ts';
import { QUESTIONS } from '../src/eval/questions.ts';

describe('the assistant’s evaluation', () => {
  it('has at least 150 questions, in French and English, for every intent it answers', () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(150);
    expect(QUESTIONS.filter((q) => q.lang === 'en').length).toBeGreaterThanOrEqual(40);
    expect(new Set(QUESTIONS.map((q) => q.intent)).size).toBeGreaterThanOrEqual(15);
  });

  it('answers ≥ 90 % right, never with another citizen’s data, never citing a record it was not given, the same way twice, p99 ≤ 100 ms', async () => {
    const r = await runEval();
    expect(r.misses.length).toBe(r.total - r.correct);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.otherCitizenData).toBe(0);
    expect(r.inventedFacts).toBe(0);
    expect(r.nonDeterministic).toBe(0);
    expect(r.p99Ms).toBeLessThanOrEqual(100);
  });

  it('never shows another citizen’s data nor cites a record it was not given on the held-out set either', async () => {
    const r = await runEval(HELD_OUT);
    expect(r.otherCitizenData).toBe(0);
    expect(r.inventedFacts).toBe(0);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.85);
  });
});
