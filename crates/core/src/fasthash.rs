//! A fixed, fast hasher for the controllers' lookup maps (FxHash's multiply-rotate mix, as
//! rustc uses). std's SipHash was a tenth of a 5,000-node converge: these maps are looked up
//! once or more per pod and per event, with short string keys. The keys are object names and
//! uids in a local simulation, so hash flooding is not a threat; a fixed hasher also keeps any
//! accidental iteration order the same from run to run.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The rest as a zero-padded little-endian word, byte by byte: a copy into a
            // buffer was a call to memcpy per key.
            let word = rest.iter().rev().fold(0u64, |w, &b| (w << 8) | u64::from(b));
            self.add(word);
            // Padding must not make "a" and "a\0" one word.
            self.add(rest.len() as u64);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    /// The multiply leaves its best bits at the top, but a hash table picks buckets by the
    /// low bits: rotate them down (as rustc-hash 2 does). Without it, names that differ only
    /// in their last characters ("node-1234") crowded into few buckets and a lookup compared
    /// keys along long probe chains.
    #[inline]
    fn finish(&self) -> u64 {
        self.hash.rotate_left(26)
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, BuildHasherDefault};

    #[test]
    fn equal_keys_hash_equal_and_near_keys_differ() {
        let b = BuildHasherDefault::<FxHasher>::default();
        let h = |s: &str| b.hash_one(s);
        assert_eq!(h("node-1"), h("node-1"));
        // Keys that differ only past the first 8-byte word, or only in length.
        let keys = ["node-1", "node-10", "node-100", "ds-0-abcde", "ds-0-abcdf", "", "a", "a\0"];
        let hashes: FastSet<u64> = keys.iter().map(|k| h(k)).collect();
        assert_eq!(hashes.len(), keys.len());
        let mut m: FastMap<String, usize> = FastMap::default();
        for (i, k) in keys.iter().enumerate() {
            m.insert(k.to_string(), i);
        }
        assert!(keys.iter().enumerate().all(|(i, k)| m.get(*k) == Some(&i)));
    }

    #[test]
    fn the_last_partial_word_is_the_zero_padded_little_endian_word() {
        let bytes: Vec<u8> = (1..=20u8).map(|b| b.wrapping_mul(13)).collect();
        for len in 0..=bytes.len() {
            let mut h = FxHasher::default();
            h.write(&bytes[..len]);
            let mut want = FxHasher::default();
            for c in bytes[..len].chunks(8) {
                let mut buf = [0u8; 8];
                buf[..c.len()].copy_from_slice(c);
                want.add(u64::from_le_bytes(buf));
                if c.len() < 8 {
                    want.add(c.len() as u64);
                }
            }
            assert_eq!(h.finish(), want.finish(), "{len} bytes");
        }
    }

    #[test]
    fn names_that_differ_at_the_end_spread_over_the_low_bits() {
        // A table of 8,192 buckets picks one by the low 13 bits. Before `finish` rotated,
        // one bucket drew 34 of these names; a fair hash gives a handful.
        let b = BuildHasherDefault::<FxHasher>::default();
        let mut buckets: FastMap<u64, usize> = FastMap::default();
        for i in 1..=5000 {
            *buckets.entry(b.hash_one(format!("node-{i}")) & 8191).or_default() += 1;
        }
        let fullest = buckets.values().copied().max().unwrap_or(0);
        assert!(fullest <= 10, "one bucket drew {fullest} names");
        assert!(buckets.len() > 3000, "only {} buckets used", buckets.len());
    }
}
