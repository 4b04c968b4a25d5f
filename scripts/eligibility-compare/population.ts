// A seeded population of households for `npm run eligibility:compare`: the truth of each
// household (everyone's incomes now and two years ago, housing, disability), from which the
// reference model computes benefits and the agencies' events give Relais what it may know.
export interface Person {
  role: 'applicant' | 'spouse' | 'child';
  birth: string;
  /** Monthly net amounts now (€), and in the tax year (…2). */
  salary: number;
  unemployment: number;
  pension: number;
  salary2: number;
  unemployment2: number;
  pension2: number;
  incapacity?: number;
  rsdae?: boolean;
  /** Recognised unfit for work by the pension fund (inaptitude au travail), drawn for 62–64. */
  unfit?: boolean;
}

export interface Household {
  id: string;
  depcom: string;
  housing: 'tenant' | 'owner' | 'free';
  rent: number;
  persons: Person[];
  /** Why the household may be hard for Relais, to group disagreements by cause. */
  tags: string[];
}

/** mulberry32: small, seeded, the same on every machine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMUNES = ['75056', '69123', '13055', '31555', '59350', '35238', '21231', '87085'];
const DOM = ['97411', '97209', '97105'];

export function population(size: number, seed: number, on: string): Household[] {
  const r = random(seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * r();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const year = Number(on.slice(0, 4));
  const birthAt = (age: number) => {
    const day = Math.floor(r() * 365);
    const d = new Date(Date.UTC(year - age, 0, 1) - day * 86_400_000);
    return d.toISOString().slice(0, 10);
  };
  const out: Household[] = [];
  for (let i = 0; i < size; i++) {
    const tags: string[] = [];
    const couple = r() < 0.45;
    const age = Math.floor(between(19, 85));
    const adults: Person[] = [adult('applicant', age)];
    if (couple) adults.push(adult('spouse', Math.max(18, age + Math.floor(between(-5, 5)))));
    const children: Person[] = [];
    const n = age < 55 ? pick([0, 0, 1, 1, 2, 2, 3]) : 0;
    for (let c = 0; c < n; c++)
      children.push(child(Math.floor(between(0, Math.min(17, age - 18)))));
    const dom = r() < 0.05;
    const housing = pick(['tenant', 'tenant', 'tenant', 'owner', 'owner', 'free'] as const);
    if (couple) tags.push('couple');
    if (dom) tags.push('overseas');
    out.push({
      id: `h${i}`,
      depcom: dom ? pick(DOM) : pick(COMMUNES),
      housing,
      rent: housing === 'tenant' ? Math.round(between(300, 900)) : 0,
      persons: [...adults, ...children],
      tags,
    });
  }
  // Traits added later are drawn from a second stream, so the households drawn before stay the
  // same for a seed: unfitness for work among adults aged 62 to 64 (the ASPA from 62).
  const r2 = random(seed ^ 0x5eed);
  for (const h of out)
    for (const p of h.persons) {
      if (p.role === 'child') continue;
      const age = Number(on.slice(0, 4)) - Number(p.birth.slice(0, 4));
      if (age >= 62 && age <= 65 && r2() < 0.2) p.unfit = true;
    }
  return out;

  function adult(role: 'applicant' | 'spouse', age: number): Person {
    const p: Person = {
      role,
      birth: birthAt(age),
      salary: 0,
      unemployment: 0,
      pension: 0,
      salary2: 0,
      unemployment2: 0,
      pension2: 0,
    };
    const s = r();
    if (age >= 63 && s < 0.85) p.pension = Math.round(between(300, 2200));
    else if (s < 0.55) p.salary = Math.round(between(200, 3200));
    else if (s < 0.7) p.unemployment = Math.round(between(500, 1600));
    // Two years ago: the same for most, another income for some (the reference period matters).
    const changed = r() < 0.35;
    const scale = changed ? between(0.4, 1.6) : 1;
    p.salary2 = Math.round(p.salary * scale);
    p.unemployment2 = Math.round(p.unemployment * scale);
    p.pension2 = Math.round(p.pension * (changed && age < 66 ? 0 : 1));
    if (changed && p.salary === 0 && p.unemployment > 0) p.salary2 = Math.round(between(800, 2500));
    if (r() < 0.07 && age < 62) {
      p.incapacity = pick([50, 60, 80, 80, 90]);
      p.rsdae = r() < 0.6;
    }
    return p;
  }

  function child(age: number): Person {
    return {
      role: 'child',
      birth: birthAt(age),
      salary: 0,
      unemployment: 0,
      pension: 0,
      salary2: 0,
      unemployment2: 0,
      pension2: 0,
    };
  }
}
