import { describe, expect, it } from 'vitest';
import { tagsFromComment } from './comment-tags.js';

describe('tagsFromComment', () => {
  it("reads Baselinr's comment tags: after `tags:` when present, else the whole comment, split at commas", () => {
    expect(tagsFromComment('Orders. Tags: pii, finance ,')).toEqual(['pii', 'finance']);
    expect(tagsFromComment('critical,daily')).toEqual(['critical', 'daily']);
    expect(tagsFromComment('')).toEqual([]);
    expect(tagsFromComment(null)).toEqual([]);
  });
});
