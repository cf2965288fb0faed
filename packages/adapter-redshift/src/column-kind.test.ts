import { describe, expect, it } from 'vitest';
import { redshiftColumnKind } from './column-kind.js';

describe('redshiftColumnKind', () => {
  it.each([
    ['struct<name:varchar(20),age:int>', 'struct'],
    ['map<string,int>', 'map'],
    ['array<timestamp>', 'array'],
    ['ARRAY<varchar(10)>', 'array'],
  ])('the Spectrum nested type %s is counted only, with a note', (dataType, nested) => {
    expect(redshiftColumnKind(dataType)).toEqual({ kind: 'other', unsupportedReason: `${nested}<...> (a Spectrum nested type) values have no ordering or length; counts only` });
  });

  it('SUPER is counted only, with a note', () => {
    expect(redshiftColumnKind('super')).toEqual({ kind: 'other', unsupportedReason: 'SUPER (semi-structured) values have no ordering or length; counts only' });
  });

  it('scalar types keep their kinds', () => {
    expect(redshiftColumnKind('character varying').kind).toBe('string');
    expect(redshiftColumnKind('timestamp without time zone').kind).toBe('temporal');
    expect(redshiftColumnKind('bigint').kind).toBe('integer');
  });
});
