//! Resource quantities (`100m`, `200Mi`, `3860m`, `1e3`), as `k8s.io/apimachinery/pkg/api/resource`
//! parses them; values are kept in milli-units so CPU and memory share one representation.

pub const QUANTITY_REGEX_ERROR: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// A quantity in thousandths of its unit (`100m` CPU = 100; `1Ki` = 1_024_000), capped at i64.
pub fn parse_milli(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let num_end = s
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && (c == '+' || c == '-'))))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let (number, suffix) = s.split_at(num_end);
    let digits = number.trim_start_matches(['+', '-']);
    if digits.is_empty() || digits == "." || digits.matches('.').count() > 1 {
        return Err(QUANTITY_REGEX_ERROR.to_string());
    }
    let negative = number.starts_with('-');
    // (multiplier numerator as milli-units, base-10 exponent)
    let (mult, exp10): (i128, i32) = match suffix {
        "" => (1000, 0),
        "n" => (1, -6),
        "u" => (1, -3),
        "m" => (1, 0),
        "k" => (1000, 3),
        "M" => (1000, 6),
        "G" => (1000, 9),
        "T" => (1000, 12),
        "P" => (1000, 15),
        "E" => (1000, 18),
        "Ki" => (1000 << 10, 0),
        "Mi" => (1000 << 20, 0),
        "Gi" => (1000 << 30, 0),
        "Ti" => (1000 << 40, 0),
        "Pi" => (1000 << 50, 0),
        "Ei" => (1000 << 60, 0),
        other if other.starts_with(['e', 'E']) => {
            let e: i32 = other[1..].parse().map_err(|_| QUANTITY_REGEX_ERROR.to_string())?;
            (1000, e.clamp(-100, 100))
        }
        other if other.chars().all(|c| "eEinumkKMGTP+-0123456789".contains(c)) => {
            return Err("unable to parse quantity's suffix".to_string());
        }
        _ => return Err(QUANTITY_REGEX_ERROR.to_string()),
    };
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    // value = (int_part.frac_part) * mult * 10^exp10, computed exactly on a decimal mantissa.
    let mut mantissa: i128 = 0;
    let mut scale: i32 = 0;
    for c in int_part.chars().chain(frac_part.chars()) {
        if mantissa > i128::MAX / 100 {
            // Past i64 anyway: cap, as the apiserver caps oversized quantities.
            return Ok(if negative { i64::MIN } else { i64::MAX });
        }
        mantissa = mantissa * 10 + i128::from(c as u8 - b'0');
    }
    scale -= frac_part.len() as i32;
    let mut value = mantissa.saturating_mul(mult);
    let mut e = exp10 + scale;
    while e > 0 && value != 0 {
        value = value.saturating_mul(10);
        e -= 1;
        if value > i128::from(i64::MAX) {
            break;
        }
    }
    while e < 0 {
        // Sub-milli precision rounds up, as the apiserver does (`0.1m` becomes `1m`).
        let rounded_up = value % 10 != 0;
        value = value / 10 + i128::from(rounded_up);
        e += 1;
    }
    let capped = value.min(i128::from(i64::MAX)) as i64;
    Ok(if negative { -capped } else { capped })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_to_milli_units() {
        let table = [
            ("100m", 100),
            ("2", 2000),
            ("3860m", 3860),
            ("0.5", 500),
            ("1Ki", 1_024_000),
            ("200Mi", 200 * 1024 * 1024 * 1000),
            ("1e3", 1_000_000),
            ("1k", 1_000_000),
            ("0.1m", 1),
            ("110", 110_000),
            ("99999999999999999999Ki", i64::MAX),
        ];
        for (input, want) in table {
            assert_eq!(parse_milli(input), Ok(want), "{input}");
        }
    }

    #[test]
    fn malformed_quantities_get_the_apiserver_message() {
        for bad in ["12ZZ", "", "abc", "1.2.3"] {
            assert!(parse_milli(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_milli("12ZZ").unwrap_err(), QUANTITY_REGEX_ERROR);
    }
}
