// Python's arithmetic where JavaScript's differs: `%` and `//` take the divisor's sign (CPython's float_divmod,
// exact for ints below 2**53 too), and `**` only where the result is the same correctly rounded number.

/** Python's `x % y` (y not zero): fmod, moved into the divisor's sign; a zero result has the divisor's sign. */
export function pyMod(x: number, y: number): number {
  const mod = x % y;
  if (mod === 0) return y < 0 ? -0 : 0;
  return y < 0 !== mod < 0 ? mod + y : mod;
}

/** Python's `x // y` (y not zero): CPython's float_floor_div, which rounds (x - x % y) / y to the nearest whole. */
export function pyFloorDiv(x: number, y: number): number {
  const mod = x % y;
  let div = (x - mod) / y;
  // fmod took the dividend's sign: one less when the divisor's differs.
  if (mod !== 0 && y < 0 !== mod < 0) div -= 1;
  if (div === 0) return Object.is(x / y, -0) || x / y < 0 ? -0 : 0;
  let floor = Math.floor(div);
  if (div - floor > 0.5) floor += 1;
  return floor;
}

/**
 * Python's `x ** y` where JavaScript's gives the same number: ints to a whole power (exact below 2**53), an int to
 * a negative whole power (1 / x ** -y, one rounding as Python's), squares and square roots; undefined elsewhere
 * (V8's pow is not always correctly rounded) and where Python raises (0 to a negative power, overflow, a complex
 * result).
 */
export function pyPow(x: number, y: number): number | undefined {
  if ((x === 0 && y < 0) || (x < 0 && !Number.isInteger(y))) return undefined;
  let result: number | undefined;
  if (Number.isInteger(x) && Number.isInteger(y)) {
    const whole = x ** Math.abs(y);
    if (!Number.isSafeInteger(whole)) return undefined;
    result = y >= 0 ? whole : 1 / whole;
  } else if (y === 0) result = 1;
  else if (y === 1) result = x;
  else if (y === 2) result = x * x;
  else if (y === 0.5) result = x === 0 ? 0 : Math.sqrt(x);
  return result !== undefined && Number.isFinite(result) ? result : undefined;
}
