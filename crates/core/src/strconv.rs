//! Go's number text, as kubectl's libraries read and write it: `strconv.ParseInt`, `ParseUint`
//! and `ParseFloat` (as go-yaml v2's resolver calls them, `resolve.go`), `FormatFloat`, and
//! `encoding/json`'s float spelling. Shared by the manifest reader (what a plain scalar means,
//! what number an error message names) and the console's `-o json`/`-o yaml` writers. Each
//! function is a port of the Go function it names, errors included, so reader and writer agree
//! with kubectl at the edges: `0x`/`0o`/`0b` and leading-0 octal, underscores, overflow, `.5_5`,
//! shortest round-trip digits, `1e+21`.

use std::fmt::Write as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumError {
    Syntax,
    Range,
}

/// Go's `strconv.ParseBool`.
pub fn go_parse_bool(s: &str) -> Option<bool> {
    // Word lists: smaller in the page's wasm than a `match` on strings.
    let is = |words: &str| words.split(' ').any(|w| w == s);
    if is("1 t T TRUE true True") {
        Some(true)
    } else if is("0 f F FALSE false False") {
        Some(false)
    } else {
        None
    }
}

/// Go's `strconv.ParseUint(s, base, 64)` (base 0 detects 0b/0o/0x/0 prefixes
/// and allows underscores). Like Go, it reports overflow as soon as it happens.
pub fn go_parse_uint(s: &str, base: u32) -> Result<u64, NumError> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(NumError::Syntax);
    }
    let base0 = base == 0;
    let (base, digits) = if base0 { split_base_prefix(b) } else { (base, b) };
    if !(2..=36).contains(&base) {
        return Err(NumError::Syntax);
    }
    let base64 = u64::from(base);
    let cutoff = u64::MAX / base64 + 1;
    let mut underscores = false;
    let mut n: u64 = 0;
    for &c in digits {
        let d = match c {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => c - b'0',
            _ if (c | 0x20).is_ascii_lowercase() => (c | 0x20) - b'a' + 10,
            _ => return Err(NumError::Syntax),
        };
        if u32::from(d) >= base {
            return Err(NumError::Syntax);
        }
        if n >= cutoff {
            return Err(NumError::Range);
        }
        n *= base64;
        match n.checked_add(u64::from(d)) {
            Some(n1) => n = n1,
            None => return Err(NumError::Range),
        }
    }
    if underscores && !underscore_ok(s) {
        return Err(NumError::Syntax);
    }
    Ok(n)
}

/// The base and digits of a base-0 Go integer literal (no sign).
pub fn split_base_prefix(b: &[u8]) -> (u32, &[u8]) {
    if b.first() != Some(&b'0') {
        return (10, b);
    }
    let rest = b.get(2..).unwrap_or_default();
    match b.get(1).map(|c| c | 0x20) {
        Some(b'b') if b.len() >= 3 => (2, rest),
        Some(b'o') if b.len() >= 3 => (8, rest),
        Some(b'x') if b.len() >= 3 => (16, rest),
        _ => (8, b.get(1..).unwrap_or_default()),
    }
}

/// Go's `strconv.ParseInt(s, base, 64)`.
pub fn go_parse_int(s: &str, base: u32) -> Result<i64, NumError> {
    let (neg, rest) = match s.as_bytes().first() {
        None => return Err(NumError::Syntax),
        Some(b'+') => (false, s.get(1..).unwrap_or_default()),
        Some(b'-') => (true, s.get(1..).unwrap_or_default()),
        Some(_) => (false, s),
    };
    let un = match go_parse_uint(rest, base) {
        Ok(un) => un,
        Err(NumError::Range) => u64::MAX,
        Err(NumError::Syntax) => return Err(NumError::Syntax),
    };
    let cutoff = 1u64 << 63;
    if (!neg && un >= cutoff) || (neg && un > cutoff) {
        return Err(NumError::Range);
    }
    Ok(if neg { 0i64.wrapping_sub_unsigned(un) } else { un as i64 })
}

/// Whether `big.Int.SetString(s, 0)` accepts `s` (an unsigned literal here).
pub fn big_int_literal(s: &str) -> bool {
    let (base, digits) = split_base_prefix(s.as_bytes());
    !digits.is_empty()
        && digits.iter().all(|&c| {
            let d = match c {
                b'0'..=b'9' => u32::from(c - b'0'),
                b'a'..=b'z' => u32::from(c - b'a') + 10,
                b'A'..=b'Z' => u32::from(c - b'A') + 10,
                _ => u32::MAX,
            };
            d < base
        })
}

/// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
pub fn underscore_ok(s: &str) -> bool {
    let mut b = s.as_bytes();
    if matches!(b.first(), Some(b'+' | b'-')) {
        b = b.get(1..).unwrap_or_default();
    }
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1] | 0x20, b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1] | 0x20 == b'x';
    }
    while let Some(&c) = b.get(i) {
        i += 1;
        if c.is_ascii_digit() || (hex && (c | 0x20).is_ascii_hexdigit()) {
            saw = b'0';
            continue;
        }
        if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}

/// Go's `strconv.ParseFloat(s, 64)` for decimal literals (the only ones the
/// resolver can hand it here): syntax, underscores and overflow as in Go.
pub fn go_parse_float(s: &str) -> Result<f64, NumError> {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let (mut sawdot, mut sawdigits, mut underscores) = (false, false, false);
    while let Some(&c) = b.get(i) {
        match c {
            b'_' => underscores = true,
            b'.' if !sawdot => sawdot = true,
            b'0'..=b'9' => sawdigits = true,
            _ => break,
        }
        i += 1;
    }
    if !sawdigits {
        return Err(NumError::Syntax);
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return Err(NumError::Syntax);
        }
        while let Some(&c) = b.get(i) {
            if c == b'_' {
                underscores = true;
            } else if !c.is_ascii_digit() {
                break;
            }
            i += 1;
        }
    }
    if underscores && !underscore_ok(s.get(..i).unwrap_or_default()) {
        return Err(NumError::Syntax);
    }
    if i != b.len() {
        return Err(NumError::Syntax);
    }
    let cleaned: String = s.chars().filter(|&c| c != '_').collect();
    match parse_decimal(&cleaned) {
        Some(f) if f.is_finite() => Ok(f),
        Some(_) => Err(NumError::Range),
        None => Err(NumError::Syntax),
    }
}

/// The float nearest a decimal literal, `[+-]?(d+.?d*|.d+)([eE][+-]?d+)?`, ties to even and
/// infinity past `f64::MAX`, as Go's `ParseFloat` and Rust's `f64::from_str` both round it
/// (`None` for anything else). Clinger's AlgorithmR: an estimate in float arithmetic, then
/// exact integer comparisons with the midpoints to its neighbours, one ulp at a time. Its
/// own, rather than Rust's `f64::from_str`, whose Eisel-Lemire tables weigh about 10 KB in
/// the page's wasm.
pub fn parse_decimal(s: &str) -> Option<f64> {
    // Enough digits to tell any two midpoints apart (they have at most 767); what is cut
    // off is kept as a trailing 1, which rounds exactly as the whole tail does.
    const MAX_DIGITS: usize = 800;
    let b = s.as_bytes();
    let neg = b.first() == Some(&b'-');
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let (mut digits, mut dp, mut saw_digit, mut saw_dot, mut cut) = (Vec::new(), 0i64, false, false, false);
    while let Some(&c) = b.get(i) {
        if c == b'.' && !saw_dot {
            saw_dot = true;
        } else if c.is_ascii_digit() {
            saw_digit = true;
            if !(c == b'0' && digits.is_empty()) {
                if digits.len() < MAX_DIGITS {
                    digits.push(c - b'0');
                } else {
                    cut |= c != b'0';
                }
            }
            // The point's place, counted in the digits kept or to come.
            if !saw_dot && !digits.is_empty() {
                dp += 1;
            } else if saw_dot && digits.is_empty() {
                dp -= 1;
            }
        } else {
            break;
        }
        i += 1;
    }
    if !saw_digit {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let eneg = b.get(i) == Some(&b'-');
        i += usize::from(matches!(b.get(i), Some(b'+' | b'-')));
        let start = i;
        let mut e = 0i64;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            // Beyond this every value is zero or infinite anyway.
            e = (e * 10 + i64::from(c - b'0')).min(100_000);
            i += 1;
        }
        if i == start {
            return None;
        }
        dp += if eneg { -e } else { e };
    }
    if i != b.len() {
        return None;
    }
    if cut {
        digits.push(1);
    }
    let signed = |f: f64| Some(if neg { -f } else { f });
    if digits.is_empty() || dp < -330 {
        return signed(0.0);
    }
    if dp > 310 {
        return signed(f64::INFINITY);
    }
    // value = digits × 10^exp10
    let exp10 = dp - digits.len() as i64;
    let lead = digits.iter().take(19).fold(0u64, |a, &d| a * 10 + u64::from(d));
    let e = exp10 + digits.len().saturating_sub(19) as i64;
    let mut z =
        if e < -300 { lead as f64 * 1e-300 * 10f64.powi(e as i32 + 300) } else { lead as f64 * 10f64.powi(e as i32) };
    if z.is_infinite() {
        z = f64::MAX;
    }
    let mut scaled = Big::from(0);
    for &d in &digits {
        scaled.mul_add(10, u32::from(d));
    }
    scaled.mul_pow10(exp10.max(0) as u32);
    let mut p10 = Big::from(1);
    p10.mul_pow10((-exp10).max(0) as u32);
    // The value against the number `a × 2^k`.
    let versus = |a: u64, k: i64| {
        let mut left = scaled.clone();
        left.shl((-k).max(0) as u32);
        let mut right = Big::from(a).mul(&p10);
        right.shl(k.max(0) as u32);
        left.cmp(&right)
    };
    loop {
        let bits = z.to_bits();
        let (fraction, biased) = (bits & ((1 << 52) - 1), (bits >> 52) as i64);
        let (m, k) = if biased == 0 { (fraction, -1074) } else { (fraction | 1 << 52, biased - 1075) };
        let odd = m % 2 == 1;
        match versus(2 * m + 1, k - 1) {
            std::cmp::Ordering::Greater => {
                z = f64::from_bits(bits + 1);
                if z.is_infinite() {
                    return signed(z);
                }
                continue;
            }
            std::cmp::Ordering::Equal => return signed(if odd { f64::from_bits(bits + 1) } else { z }),
            std::cmp::Ordering::Less => {}
        }
        if bits == 0 {
            return signed(z);
        }
        // At the bottom of a binade the float below is half as far.
        let low = if fraction == 0 && biased > 1 { versus(4 * m - 1, k - 2) } else { versus(2 * m - 1, k - 1) };
        match low {
            std::cmp::Ordering::Less => z = f64::from_bits(bits - 1),
            std::cmp::Ordering::Equal => return signed(if odd { f64::from_bits(bits - 1) } else { z }),
            std::cmp::Ordering::Greater => return signed(z),
        }
    }
}

/// go-yaml v2's `resolveMap`, in its order: 11 spellings of true, 11 of false, 5 of null, 3 of
/// NaN, 6 of +Inf, 3 of -Inf.
pub const RESOLVE_MAP: [&str; 39] = [
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No", "NO", "false",
    "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf",
    ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
];

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
pub fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// A JSON number as Go's encoder prints it: integers verbatim, floats like
/// [`go_json_float`].
pub fn go_json_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_string()
    } else if let Some(u) = n.as_u64() {
        u.to_string()
    } else if let Some(f) = n.as_f64() {
        go_json_float(f)
    } else {
        n.to_string()
    }
}

/// A float as Go's `encoding/json` prints it: shortest round-trip digits, plain
/// notation for 1e-6 <= |f| < 1e21, otherwise exponent notation with the
/// exponent's leading zero dropped (`1e-7`, `1e+21`).
pub fn go_json_float(f: f64) -> String {
    let abs = f.abs();
    let exponent = abs != 0.0 && !(1e-6..1e21).contains(&abs);
    if !exponent {
        return go_format_float(f, 'f');
    }
    let mut s = go_format_float(f, 'e');
    let b = s.as_bytes();
    let n = b.len();
    if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
        s.remove(n - 2);
    }
    s
}

/// Go's `strconv.FormatFloat(f, fmt, -1, 64)` for `fmt` in `'e'`, `'f'`, `'g'`
/// (anything else is treated as `'g'`): the shortest digits that round-trip.
pub fn go_format_float(f: f64, fmt: char) -> String {
    format_float(f, fmt, shortest_digits)
}

/// `strconv.FormatFloat(f, fmt, -1, 32)`: `f` rounded to a float32, then its shortest digits.
pub fn go_format_float32(f: f64, fmt: char) -> String {
    // Go converts first: what overflows a float32 is an infinity.
    format_float(f64::from(f as f32), fmt, shortest_digits32)
}

fn format_float(f: f64, fmt: char, shortest_digits: fn(f64) -> (Vec<u8>, i64)) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    let neg = f.is_sign_negative();
    let (digits, dp) = shortest_digits(f.abs());
    let nd = digits.len() as i64;
    match fmt {
        'e' => fmt_e(neg, &digits, dp, (nd - 1).max(0)),
        'f' => fmt_f(neg, &digits, dp, (nd - dp).max(0)),
        _ => {
            // %e is used if the exponent is < -4 or >= the precision, which is
            // 6 for the shortest formatting.
            let exp = dp - 1;
            if !(-4..6).contains(&exp) {
                fmt_e(neg, &digits, dp, nd - 1)
            } else {
                fmt_f(neg, &digits, dp, (nd - dp).max(0))
            }
        }
    }
}

/// Shortest round-trip decimal digits of a finite, non-negative float and the
/// position of the decimal point (value = 0.d1d2d3... * 10^dp). Zero has no digits.
fn shortest_digits(abs: f64) -> (Vec<u8>, i64) {
    let bits = abs.to_bits();
    let (fraction, biased) = (bits & ((1 << 52) - 1), (bits >> 52) as i32);
    shortest(fraction, biased, 52, 1023)
}

/// The same for a float32 (Go's `FormatFloat(f, _, -1, 32)`, as sigs.k8s.io/yaml spells a
/// float mapping key): `f` is first rounded to float32, as Go's conversion does.
fn shortest_digits32(abs: f64) -> (Vec<u8>, i64) {
    let bits = (abs as f32).to_bits();
    shortest(u64::from(bits & ((1 << 23) - 1)), (bits >> 23) as i32, 23, 127)
}

/// The shortest digits that read back as the float with mantissa bits `fraction` and biased
/// exponent `biased`, closest to its exact value when several do (ties to an even digit), as
/// Go's shortest formatting picks them: Steele & White's free-format algorithm as Burger and
/// Dybvig state it, in exact integer arithmetic. Its own, rather than Rust's float formatting,
/// whose two algorithms (and their tables) would weigh 13 KB in the page's wasm.
fn shortest(fraction: u64, biased: i32, mantissa_bits: u32, bias: i32) -> (Vec<u8>, i64) {
    if fraction == 0 && biased == 0 {
        return (Vec::new(), 0);
    }
    // value = m * 2^e, and the float's neighbours are half an ulp away on each side (a
    // quarter below at the bottom of a binade).
    let (m, e) = if biased == 0 {
        (fraction, 1 - bias - mantissa_bits as i32)
    } else {
        (fraction | (1 << mantissa_bits), biased - bias - mantissa_bits as i32)
    };
    let lower_closer = fraction == 0 && biased > 1;
    // value = r / s; the rounding interval is (r - minus, r + plus) / s.
    let (mut r, mut s, mut plus, mut minus) = if e >= 0 {
        let ulp = Big::pow2(e as u32);
        let mut r = Big::from(m);
        r.shl(e as u32 + 1);
        if lower_closer {
            r.shl(1);
            let mut plus = ulp.clone();
            plus.shl(1);
            (r, Big::from(4), plus, ulp)
        } else {
            (r, Big::from(2), ulp.clone(), ulp)
        }
    } else if lower_closer {
        (Big::from(m << 2), Big::pow2((1 - e) as u32 + 1), Big::from(2), Big::from(1))
    } else {
        (Big::from(m << 1), Big::pow2((1 - e) as u32), Big::from(1), Big::from(1))
    };
    // An even mantissa wins a tie when reading back, so its interval's ends are in it.
    let inclusive = m % 2 == 0;
    // k = ceil(log10(high end)), from an estimate that may be one too small or too large.
    let mut k = ((m as f64).log2() + f64::from(e)) * std::f64::consts::LOG10_2;
    k = k.ceil();
    let mut k = k as i64;
    if k >= 0 {
        s.mul_pow10(k as u32);
    } else {
        for x in [&mut r, &mut plus, &mut minus] {
            x.mul_pow10((-k) as u32);
        }
    }
    let high_beyond = |r: &Big, plus: &Big, s: &Big| {
        let ord = r.add(plus).cmp(s);
        ord.is_gt() || (inclusive && ord.is_eq())
    };
    if high_beyond(&r, &plus, &s) {
        s.mul_pow10(1);
        k += 1;
    } else {
        let mut r10 = r.add(&plus);
        r10.mul_pow10(1);
        let ord = r10.cmp(&s);
        if ord.is_lt() || (!inclusive && ord.is_eq()) {
            for x in [&mut r, &mut plus, &mut minus] {
                x.mul_pow10(1);
            }
            k -= 1;
        }
    }
    let mut digits = Vec::new();
    loop {
        for x in [&mut r, &mut plus, &mut minus] {
            x.mul_pow10(1);
        }
        let mut d = 0u8;
        while r.cmp(&s).is_ge() {
            r.sub(&s);
            d += 1;
        }
        let ord = r.cmp(&minus);
        let low = ord.is_lt() || (inclusive && ord.is_eq());
        let high = high_beyond(&r, &plus, &s);
        if !low && !high {
            digits.push(b'0' + d);
            continue;
        }
        let up = match (low, high) {
            (true, false) => false,
            (false, _) => true,
            // Both ends reach: the closer, and on an exact tie the even digit.
            (true, true) => match r.add(&r).cmp(&s) {
                std::cmp::Ordering::Less => false,
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Equal => d % 2 == 1,
            },
        };
        digits.push(b'0' + d + u8::from(up));
        break;
    }
    // A rounded-up 9 carries (10 is no digit).
    while let Some(i) = digits.iter().rposition(|&d| d > b'9') {
        digits[i] = b'0';
        if i == 0 {
            digits.insert(0, b'1');
            k += 1;
        } else {
            digits[i - 1] += 1;
        }
    }
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, k)
}

/// An unsigned integer as wide as a float's exact value needs (base 2^32, little-endian).
#[derive(Clone, Debug)]
struct Big(Vec<u32>);

impl Big {
    fn from(v: u64) -> Big {
        Big(vec![v as u32, (v >> 32) as u32])
    }

    fn pow2(n: u32) -> Big {
        let mut b = Big(vec![0; n as usize / 32 + 1]);
        b.0[n as usize / 32] = 1 << (n % 32);
        b
    }

    fn shl(&mut self, n: u32) {
        let mut t = Big::pow2(n);
        t = t.mul(self);
        *self = t;
    }

    fn mul(&self, other: &Big) -> Big {
        let mut out = vec![0u32; self.0.len() + other.0.len()];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, &b) in other.0.iter().enumerate() {
                let t = u64::from(a) * u64::from(b) + u64::from(out[i + j]) + carry;
                out[i + j] = t as u32;
                carry = t >> 32;
            }
            out[i + other.0.len()] = carry as u32;
        }
        Big(out)
    }

    fn mul_pow10(&mut self, n: u32) {
        for _ in 0..n {
            self.mul_add(10, 0);
        }
    }

    /// `self = self × mul + add`.
    fn mul_add(&mut self, mul: u32, add: u32) {
        let mut carry = u64::from(add);
        for x in &mut self.0 {
            let t = u64::from(*x) * u64::from(mul) + carry;
            *x = t as u32;
            carry = t >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn add(&self, other: &Big) -> Big {
        let n = self.0.len().max(other.0.len());
        let mut out = Vec::with_capacity(n + 1);
        let mut carry = 0u64;
        for i in 0..n {
            let t = u64::from(*self.0.get(i).unwrap_or(&0)) + u64::from(*other.0.get(i).unwrap_or(&0)) + carry;
            out.push(t as u32);
            carry = t >> 32;
        }
        out.push(carry as u32);
        Big(out)
    }

    /// `self -= other`, for `other <= self`.
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (i, x) in self.0.iter_mut().enumerate() {
            let t = i64::from(*x) - i64::from(*other.0.get(i).unwrap_or(&0)) - borrow;
            *x = t as u32;
            borrow = i64::from(t < 0);
        }
    }

    fn cmp(&self, other: &Big) -> std::cmp::Ordering {
        let n = self.0.len().max(other.0.len());
        (0..n)
            .rev()
            .map(|i| self.0.get(i).unwrap_or(&0).cmp(other.0.get(i).unwrap_or(&0)))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    }
}

fn fmt_e(neg: bool, digits: &[u8], dp: i64, prec: i64) -> String {
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    s.push(digits.first().map_or('0', |&d| d as char));
    if prec > 0 {
        s.push('.');
        for i in 1..=prec {
            let d = usize::try_from(i).ok().and_then(|i| digits.get(i)).copied().unwrap_or(b'0');
            s.push(d as char);
        }
    }
    s.push('e');
    let exp = if digits.is_empty() { 0 } else { dp - 1 };
    s.push(if exp < 0 { '-' } else { '+' });
    let exp = exp.abs();
    if exp < 10 {
        s.push('0');
    }
    let _ = write!(s, "{exp}");
    s
}

fn fmt_f(neg: bool, digits: &[u8], dp: i64, prec: i64) -> String {
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    let digit_at = |i: i64| usize::try_from(i).ok().and_then(|i| digits.get(i)).copied().unwrap_or(b'0');
    if dp > 0 {
        for i in 0..dp {
            s.push(digit_at(i) as char);
        }
    } else {
        s.push('0');
    }
    if prec > 0 {
        s.push('.');
        for i in 1..=prec {
            s.push(digit_at(dp + i - 1) as char);
        }
    }
    s
}

/// Base64 (RFC 4648): the standard alphabet with `=` padding as Go's `StdEncoding` writes
/// `[]byte` fields, or when `url` the URL alphabet without padding (share links).
pub fn base64_encode(bytes: &[u8], url: bool) -> String {
    let alphabet: &[u8; 64] = match url {
        true => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        false => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
    };
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextets = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63];
        for &s in &sextets[..chunk.len() + 1] {
            out.push(char::from(alphabet[s as usize]));
        }
        if !url {
            out.push_str(&"=="[..3 - chunk.len()]);
        }
    }
    out
}

/// encoding/base64's `StdEncoding.Decode`: the offset of the byte it refuses, if any
/// (`decodeQuantum`: newlines are skipped, `=` pads the last group).
pub fn base64_error(src: &[u8]) -> Option<usize> {
    let data = |c: u8| c.is_ascii_alphanumeric() || c == b'+' || c == b'/';
    let newline = |c: u8| c == b'\n' || c == b'\r';
    let skip_newlines = |si: &mut usize| {
        while src.get(*si).is_some_and(|c| newline(*c)) {
            *si += 1;
        }
    };
    let mut si = 0;
    while si < src.len() {
        let mut j = 0;
        while j < 4 {
            if si == src.len() {
                return (j != 0).then(|| si - j);
            }
            let c = src[si];
            si += 1;
            if data(c) {
                j += 1;
                continue;
            }
            if newline(c) {
                continue;
            }
            if c != b'=' || j < 2 {
                return Some(si - 1);
            }
            if j == 2 {
                // "==": the second one.
                skip_newlines(&mut si);
                if si == src.len() {
                    return Some(si);
                }
                if src[si] != b'=' {
                    return Some(si - 1);
                }
                si += 1;
            }
            skip_newlines(&mut si);
            return (si < src.len()).then_some(si);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rust's float formatting, corrected to the nearest string of the shortest length: the
    /// algorithm `shortest` replaced, kept as the oracle it is held to.
    fn rust_shortest(text_e: String, nearest: impl Fn(usize) -> Option<String>) -> (Vec<u8>, i64) {
        let n = text_e.bytes().take_while(|&b| b != b'e').filter(u8::is_ascii_digit).count();
        let mut text = text_e;
        if n > 1
            && let Some(t) = nearest(n - 1)
        {
            text = t;
        }
        let (mantissa, exponent) = text.split_once('e').unwrap_or((text.as_str(), "0"));
        let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
        while digits.len() > 1 && digits.last() == Some(&b'0') {
            digits.pop();
        }
        (digits, exponent.parse::<i64>().unwrap() + 1)
    }

    /// A seeded xorshift64 sequence: the same samples on every run and platform.
    fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    #[test]
    fn shortest_digits_agree_with_rusts_corrected_formatting() {
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15u64);
        let mut samples: Vec<f64> = vec![
            5e-324,
            1e-323,
            2.2250738585072014e-308,
            2.225073858507201e-308,
            f64::MAX,
            1.0,
            0.1,
            0.3,
            1e21,
            1e22,
            9007199254740993.0,
            123456789.0,
            5e-7,
            0.5,
            2.5,
            1e23,
            8.41e21,
            5.0e-324 * 3.0,
        ];
        for i in 0..64 {
            samples.push(2f64.powi(i * 16 - 512));
        }
        for _ in 0..200_000 {
            let f = f64::from_bits(next() >> 1);
            if f.is_finite() {
                samples.push(f);
            }
        }
        for f in samples {
            let want = rust_shortest(format!("{f:e}"), |p| {
                let t = format!("{f:.p$e}");
                (t.parse::<f64>() == Ok(f)).then_some(t)
            });
            assert_eq!(shortest_digits(f), want, "{f:e}");
        }
        for _ in 0..200_000 {
            let f = f32::from_bits((next() >> 33) as u32);
            if f.is_finite() {
                let want = rust_shortest(format!("{f:e}"), |p| {
                    let t = format!("{f:.p$e}");
                    (t.parse::<f32>() == Ok(f)).then_some(t)
                });
                assert_eq!(shortest_digits32(f64::from(f)), want, "{f:e}");
            }
        }
    }

    #[test]
    fn parse_decimal_rounds_as_rusts_from_str() {
        let mut next = xorshift(0x2545_f491_4f6c_dd1du64);
        let mut samples: Vec<String> = [
            "0",
            "-0",
            "0.0",
            ".5",
            "5.",
            "1e0",
            "9007199254740993",
            "9007199254740995",
            "0.1",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e309",
            "-1e400",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "4.9e-324",
            "1e-330",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "00000.000001e6",
            "123456789012345678901234567890",
            "1e-100000000",
            "1e100000000",
            "0e999999",
            "1_0",
            "",
            ".",
            "e1",
            "1e",
            "1e+",
            "--1",
            "1.2.3",
            "inf",
            "NaN",
            " 1",
            "1 ",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        // Midpoints between neighbouring floats, exactly and a hair either side: m·2^k with
        // an odd m of 54 bits is one.
        for _ in 0..3000 {
            let m = u128::from(next() >> 10 | 1);
            let k = (next() % 60) as u32;
            let mid = m << k;
            samples.push(mid.to_string());
            samples.push(format!("{mid}.000000000000000000000000000001"));
            samples.push(format!("{}.99999999999999999999999", mid - 1));
            let frac = (next() % 20) as u32;
            let five = 5u128.pow(frac);
            if let Some(v) = m.checked_mul(five) {
                let digits = format!("{v:0>width$}", width = frac as usize + 1);
                let (int, dec) = digits.split_at(digits.len() - frac as usize);
                samples.push(format!("{int}.{dec}"));
            }
        }
        for _ in 0..20_000 {
            let len = 1 + next() % 30;
            let mut t: String = (0..len).map(|_| char::from(b'0' + (next() % 10) as u8)).collect();
            if next().is_multiple_of(2) {
                t.insert(next() as usize % t.len(), '.');
            }
            let e = (next() % 700) as i64 - 350;
            samples.push(format!("{t}e{e}"));
            samples.push(format!("{:e}", f64::from_bits(next() >> 1)));
        }
        // Longer than the 800 digits kept: the tail still decides a tie.
        let long_tie = format!("{}5{}", "1".repeat(900), "0".repeat(100));
        samples.push(format!("0.{long_tie}e-300"));
        samples.push(format!("0.{long_tie}1e10"));
        samples.push(format!("{}e-1500", "9".repeat(1200)));
        for t in samples {
            let want = t.parse::<f64>().ok().filter(|_| !t.contains(['i', 'n', 'I', 'N']));
            let got = parse_decimal(&t);
            assert_eq!(got.map(f64::to_bits), want.map(f64::to_bits), "{t}");
        }
    }

    #[test]
    fn go_integer_parsing_matches_strconv() {
        assert_eq!(go_parse_int("0x10", 0), Ok(16));
        assert_eq!(go_parse_int("-0b11", 0), Ok(-3));
        assert_eq!(go_parse_int("010", 0), Ok(8));
        assert_eq!(go_parse_int("08", 0), Err(NumError::Syntax));
        assert_eq!(go_parse_int("1_000", 0), Ok(1000));
        assert_eq!(go_parse_int("_1", 0), Err(NumError::Syntax));
        assert_eq!(go_parse_int("9223372036854775807", 0), Ok(i64::MAX));
        assert_eq!(go_parse_int("-9223372036854775808", 0), Ok(i64::MIN));
        assert_eq!(go_parse_int("9223372036854775808", 0), Err(NumError::Range));
        assert_eq!(go_parse_uint("18446744073709551616", 0), Err(NumError::Range));
        assert_eq!(go_parse_uint("99999999999999999999x", 0), Err(NumError::Range));
        assert_eq!(go_parse_uint("+1", 0), Err(NumError::Syntax));
        assert_eq!(go_parse_uint("", 0), Err(NumError::Syntax));
        assert_eq!(go_parse_int("-", 0), Err(NumError::Syntax));
    }

    #[test]
    fn go_float_parsing_matches_strconv() {
        assert_eq!(go_parse_float(".5"), Ok(0.5));
        assert_eq!(go_parse_float(".5e1"), Ok(5.0));
        assert_eq!(go_parse_float(".5_5"), Ok(0.55));
        assert_eq!(go_parse_float("._5"), Err(NumError::Syntax));
        assert_eq!(go_parse_float(".5."), Err(NumError::Syntax));
        assert_eq!(go_parse_float(".e5"), Err(NumError::Syntax));
        assert_eq!(go_parse_float(".5e"), Err(NumError::Syntax));
        assert_eq!(go_parse_float("1e400"), Err(NumError::Range));
        assert_eq!(go_parse_float("1e-400"), Ok(0.0));
    }

    #[test]
    fn floats_format_like_go_encoding_json() {
        let cases = [
            (1.5, "1.5"),
            (1.0, "1"),
            (-0.0, "-0"),
            (0.0, "0"),
            (100.0, "100"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.5e300, "1.5e+300"),
            (0.000001, "0.000001"),
            (0.0000001, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (1e-10, "1e-10"),
            (5e-324, "5e-324"),
            (-2.5e-8, "-2.5e-8"),
            (0.1, "0.1"),
            (123456789.125, "123456789.125"),
            // Exactly ...000.25: ".2" and ".3" both round-trip; Go picks the even one.
            (1982700000000000.0 + 0.25, "1982700000000000.2"),
            (1982700000000000.0 + 0.75, "1982700000000000.8"),
            (f64::MAX, "1.7976931348623157e+308"),
        ];
        for (f, want) in cases {
            assert_eq!(go_json_float(f), want, "{f:e}");
        }
    }

    #[test]
    fn strconv_g_format_switches_to_exponents_outside_1e_minus_4_to_1e6() {
        let cases = [
            (1e6, "1e+06"),
            (123456.0, "123456"),
            (1234567.0, "1.234567e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5, "1.5"),
            (0.0, "0"),
            (1e21, "1e+21"),
            (1e100, "1e+100"),
            (123456789.5, "1.234567895e+08"),
            (-3.25, "-3.25"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
            (f64::NAN, "NaN"),
        ];
        for (f, want) in cases {
            assert_eq!(go_format_float(f, 'g'), want, "{f:e}");
        }
    }

    #[test]
    fn strconv_e_and_f_formats_use_shortest_digits() {
        assert_eq!(go_format_float(0.0, 'e'), "0e+00");
        assert_eq!(go_format_float(1234.5, 'e'), "1.2345e+03");
        assert_eq!(go_format_float(1e-7, 'e'), "1e-07");
        assert_eq!(go_format_float(1e-7, 'f'), "0.0000001");
        assert_eq!(go_format_float(12.5, 'f'), "12.5");
    }
    #[test]
    fn base64_is_refused_where_go_refuses_it() {
        for (text, want) in [
            ("", None),
            ("aGVsbG8=", None),
            ("aGVs\nbG8=", None),
            ("aGVsbA==", None),
            ("aGVsbA=", Some(7)),
            ("aGVsbA", Some(4)),
            ("a", Some(0)),
            ("=", Some(0)),
            ("aG=Vs", Some(2)),
            ("aGVsbA==x", Some(8)),
            ("aGVs bG8=", Some(4)),
        ] {
            assert_eq!(base64_error(text.as_bytes()), want, "{text:?}");
        }
    }

    #[test]
    fn base64_is_written_as_go_writes_it() {
        for (bytes, std, url) in [
            (&b""[..], "", ""),
            (b"f", "Zg==", "Zg"),
            (b"fo", "Zm8=", "Zm8"),
            (b"foo", "Zm9v", "Zm9v"),
            (b"\xfb\xff", "+/8=", "-_8"),
        ] {
            assert_eq!(base64_encode(bytes, false), std);
            assert_eq!(base64_encode(bytes, true), url);
            assert_eq!(base64_error(std.as_bytes()), None);
        }
    }
}
