/**
 * Exact decimal arithmetic on text, so the reference never passes a big integer or a decimal
 * through a double: values are digits (a bigint) and a scale.
 */
interface Decimal {
  readonly digits: bigint;
  readonly scale: number;
}

export function parseDecimal(text: string): Decimal {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (!match) throw new Error(`not a decimal: ${text}`);
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  let digits = BigInt(`${sign}${whole + fraction || '0'}`);
  let scale = fraction.length - Number(exponent);
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits, scale };
}

function aligned(values: readonly Decimal[]): { digits: bigint[]; scale: number } {
  const scale = Math.max(0, ...values.map((v) => v.scale));
  return { digits: values.map((v) => v.digits * 10n ** BigInt(scale - v.scale)), scale };
}

export function compareDecimal(a: string, b: string): number {
  const {
    digits: [x, y],
  } = aligned([parseDecimal(a), parseDecimal(b)]);
  return x! < y! ? -1 : x! > y! ? 1 : 0;
}

/** The shortest exact text: no trailing fractional zeros, no trailing point, no `-0`. */
export function minimalDecimal(text: string): string {
  const { digits, scale } = parseDecimal(text);
  const negative = digits < 0n;
  const abs = (negative ? -digits : digits).toString().padStart(scale + 1, '0');
  const whole = abs.slice(0, abs.length - scale);
  const fraction = abs.slice(abs.length - scale).replace(/0+$/, '');
  const isZero = /^0*$/.test(whole) && fraction === '';
  return `${negative && !isZero ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** The mean of decimal texts, summed exactly and divided once. */
export function exactMean(values: readonly string[]): number | null {
  if (values.length === 0) return null;
  const { digits, scale } = aligned(values.map(parseDecimal));
  const sum = digits.reduce((a, b) => a + b, 0n);
  // One rounding to a double, of the exact sum; the division adds at most one more.
  return Number(sum) / 10 ** scale / values.length;
}
