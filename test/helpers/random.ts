/** A small seeded PRNG (mulberry32): fuzz and property tests check the same inputs every run. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mutates text: deletes, duplicates, inserts or swaps a few random slices and characters. */
export function mutate(text: string, next: () => number, alphabet: string): string {
  let out = text;
  const edits = 1 + Math.floor(next() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * (out.length + 1));
    const length = Math.floor(next() * 12);
    switch (Math.floor(next() * 4)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + length);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(at, at + length) + out.slice(at);
        break;
      case 2:
        out = out.slice(0, at) + alphabet[Math.floor(next() * alphabet.length)]! + out.slice(at);
        break;
      default: {
        const other = Math.floor(next() * (out.length + 1));
        out = out.slice(0, Math.min(at, other)) + out.slice(Math.max(at, other)) + out.slice(Math.min(at, other), Math.max(at, other));
      }
    }
  }
  return out;
}
