//! Deterministic generated names and UIDs: the apiserver's `generateName` suffixes and uids,
//! drawn from a seeded stream so the same script always yields the same names.

/// Mirrors `k8s.io/apimachinery/pkg/util/rand`: no vowels, no confusable characters.
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// Maximum length of a generated name's base (`maxGeneratedNameLength` = 63 - 5).
const MAX_GENERATED_BASE: usize = 58;

/// SplitMix64: small, fast, and identical on every platform.
#[derive(Clone, Debug)]
pub struct NameStream {
    state: u64,
}

impl NameStream {
    pub fn new(seed: u64) -> Self {
        NameStream { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Five characters from the Kubernetes suffix alphabet.
    pub fn suffix(&mut self) -> String {
        let mut out = String::with_capacity(5);
        self.push_suffix(&mut out);
        out
    }

    fn push_suffix(&mut self, out: &mut String) {
        let mut bits = self.next_u64();
        for _ in 0..5 {
            out.push(ALPHANUMS[(bits % ALPHANUMS.len() as u64) as usize] as char);
            bits /= ALPHANUMS.len() as u64;
        }
    }

    /// Five suffix characters that follow from `uid` alone: names a pod needs after its
    /// creation (its token volume's) without drawing from the stream, so every other name a
    /// script makes stays as it was.
    pub fn suffix_of(uid: &str) -> String {
        // FNV-1a, then the stream's mixing.
        let seed = uid.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        NameStream::new(seed).suffix()
    }

    /// `generateName` + suffix, with the base truncated as `names.SimpleNameGenerator` does.
    pub fn generate_name(&mut self, base: &str) -> String {
        let base = if base.len() > MAX_GENERATED_BASE { &base[..MAX_GENERATED_BASE] } else { base };
        // Built by hand: a pod creation makes two names, and `format!` was a tenth of one.
        let mut name = String::with_capacity(base.len() + 5);
        name.push_str(base);
        self.push_suffix(&mut name);
        name
    }

    /// A version-4-shaped UUID.
    pub fn uid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        // Built by hand, as names are: every pod gets one, and `format!` cost a tenth of a
        // pod's creation. It is `{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}` of `a >> 32`,
        // `(a >> 16) & 0xffff`, `a & 0xfff`, `((b >> 48) & 0x3fff) | 0x8000` and the low 48 bits
        // of `b`: the 32 hex digits of `a` then `b`, with the version and variant bits set.
        let a = (a & !0xf000) | 0x4000;
        let b = (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
        // (Digits into bytes, then one copy: a `push` per character checked the capacity.)
        let mut digits = [0u8; 32];
        for (i, d) in digits.iter_mut().enumerate() {
            let word = if i < 16 { a } else { b };
            *d = b"0123456789abcdef"[(word >> (60 - 4 * (i % 16))) as usize & 0xf];
        }
        let mut uid = [b'-'; 36];
        for (from, to, len) in [(0, 0, 8), (8, 9, 4), (12, 14, 4), (16, 19, 4), (20, 24, 12)] {
            uid[to..to + len].copy_from_slice(&digits[from..from + len]);
        }
        std::str::from_utf8(&uid).unwrap_or_default().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_names_use_the_kubernetes_alphabet_and_are_reproducible() {
        let mut a = NameStream::new(7);
        let mut b = NameStream::new(7);
        for _ in 0..100 {
            let n = a.generate_name("fluentd-");
            assert_eq!(n, b.generate_name("fluentd-"));
            let suffix = &n["fluentd-".len()..];
            assert_eq!(suffix.len(), 5);
            assert!(suffix.bytes().all(|c| ALPHANUMS.contains(&c)), "{n}");
        }
    }

    #[test]
    fn long_bases_are_truncated_to_58_characters() {
        let base = "a".repeat(80);
        assert_eq!(NameStream::new(1).generate_name(&base).len(), 63);
    }

    #[test]
    fn uids_look_like_uuids() {
        let uid = NameStream::new(1).uid();
        assert_eq!(uid.len(), 36);
        assert_eq!(&uid[14..15], "4");
        for seed in [0, 1, 7, u64::MAX, 0x1234_5678_9abc_def0] {
            let (mut built, mut check) = (NameStream::new(seed), NameStream::new(seed));
            for _ in 0..50 {
                let (a, b) = (check.next_u64(), check.next_u64());
                let want = format!(
                    "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
                    a >> 32,
                    (a >> 16) & 0xffff,
                    a & 0xfff,
                    ((b >> 48) & 0x3fff) | 0x8000,
                    b & 0xffff_ffff_ffff
                );
                assert_eq!(built.uid(), want);
            }
        }
    }

    #[test]
    fn a_generated_name_is_the_base_and_the_next_suffix() {
        for seed in [0, 1, 7, u64::MAX, 0x1234_5678_9abc_def0] {
            let (mut built, mut check) = (NameStream::new(seed), NameStream::new(seed));
            for _ in 0..50 {
                let suffix = check.suffix();
                assert_eq!(built.generate_name("ds-"), format!("ds-{suffix}"));
            }
        }
    }
}
