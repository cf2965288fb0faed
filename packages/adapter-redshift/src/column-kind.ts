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

/**
 * Which metrics a column gets, from SVV_COLUMNS.data_type (`character varying`, `numeric`,
 * `timestamp with time zone`...): core's mapping covers Redshift's names; everything else
 * (SUPER, spatial, VARBYTE, intervals) is counted only, with the reason.
 */
export function redshiftColumnKind(dataType: string): RedshiftColumnKind {
  const kind = kindFromTypeName(dataType);
  if (kind !== 'other') return { kind };
  const name = dataType.trim().toLowerCase();
  return { kind, unsupportedReason: REASONS[name] ?? `type ${name} is not profiled beyond counts` };
}
