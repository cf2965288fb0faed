import { kindFromTypeName, type ColumnKind } from '@baselinr/core';

export interface RedshiftColumnKind {
  readonly kind: ColumnKind;
  readonly unsupportedReason?: string;
}

/** Why a Redshift type gets counts only: shown to the user next to the column. */
const REASONS: Readonly<Record<string, string>> = {
  super: 'SUPER (semi-structured) values have no ordering or length; counts only',
  geometry: 'spatial values have no ordering or numeric metrics; counts only',
  geography: 'spatial values have no ordering or numeric metrics; counts only',
  varbyte: 'binary values are not profiled beyond counts',
  'binary varying': 'binary values are not profiled beyond counts',
  hllsketch: 'HyperLogLog sketches are not profiled beyond counts',
};

/** Spectrum's nested types of external tables, as SVV_COLUMNS spells them: `struct<a:int>`, `array<varchar(10)>`, `map<...>`. */
const NESTED = /^(struct|array|map)\s*</;

/**
 * Which metrics a column gets, from SVV_COLUMNS.data_type (`character varying`, `numeric`,
 * `timestamp with time zone`...): core's mapping covers Redshift's names; everything else
 * (SUPER, Spectrum's nested types, spatial, VARBYTE, intervals) is counted only, with the reason.
 */
export function redshiftColumnKind(dataType: string): RedshiftColumnKind {
  // Before core's mapping, which reads `array<int>` as an integer and `struct<a:varchar>` as text.
  const nested = NESTED.exec(dataType.trim().toLowerCase())?.[1];
  if (nested) return { kind: 'other', unsupportedReason: `${nested}<...> (a Spectrum nested type) values have no ordering or length; counts only` };
  const kind = kindFromTypeName(dataType);
  if (kind !== 'other') return { kind };
  const name = dataType.trim().toLowerCase();
  return { kind, unsupportedReason: REASONS[name] ?? `type ${name} is not profiled beyond counts` };
}
