//! Stable sorting through one shared routine. std's `sort`/`sort_by` are instantiated once per
//! element type and comparator, about 3 KB of wasm each (60 KB for the page's 20 uses), which
//! the page's size budget cannot carry. Here the merge sort is written once, over indices with
//! a `dyn` comparator, and each use adds only a small wrapper that applies the order. A stable
//! sort's result does not depend on the algorithm, so output is the same as with std's.

use std::cmp::Ordering;

/// `slice::sort`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// `slice::sort_by`: stable.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let v = &*v;
        stable_order(v.len(), &mut |a, b| cmp(&v[a], &v[b]))
    };
    permute(v, order);
}

/// Names in byte order.
///
/// Natively they are ordered by their first 16 bytes as a number, then by the whole name where
/// those tie. That is the order of the names themselves (a prefix's order never contradicts the
/// whole's), but the comparisons read one list in place instead of chasing each name across the
/// heap. The page keeps the plain sort: the keyed one costs 500 B of its size budget.
// (The page's plain sort needs only a slice; the native path rebuilds the list.)
#[cfg_attr(target_arch = "wasm32", allow(clippy::ptr_arg))]
pub fn sort_names<T: AsRef<str> + Ord>(names: &mut Vec<T>) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let mut keyed: Vec<(u128, T)> =
            std::mem::take(names).into_iter().map(|n| (head(n.as_ref().bytes()), n)).collect();
        // (std's sort, natively: equal names are the same text, so an unstable sort is exact.)
        keyed.sort_unstable();
        names.extend(keyed.into_iter().map(|(_, n)| n));
    }
    #[cfg(target_arch = "wasm32")]
    sort(names);
}

/// Natively, items in the order of the names they carry, each given by `key` with its first 16
/// bytes as a number (`head`), worked out once per item. (std's sort, as `sort_names`: items
/// of equal names stay in no particular order, for callers to whom that is all one.)
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn sort_by_head<T>(items: &mut [T], key: impl Fn(&T) -> (u128, &str)) {
    items.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
}

/// The first 16 of `bytes` (zero-padded) as a big-endian number: ordering by it first, then
/// by the whole where it ties, is the order of the texts themselves (a prefix's order never
/// contradicts the whole's), and it compares in a register instead of across the heap.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn head(bytes: impl IntoIterator<Item = u8>) -> u128 {
    let mut head = [0; 16];
    for (h, b) in head.iter_mut().zip(bytes) {
        *h = b;
    }
    u128::from_be_bytes(head)
}

/// The indices `0..n` in stable sorted order: a bottom-up merge sort (runs of insertion sort).
fn stable_order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    const RUN: usize = 8;
    let mut a: Vec<usize> = (0..n).collect();
    for run in a.chunks_mut(RUN) {
        for i in 1..run.len() {
            let mut j = i;
            while j > 0 && cmp(run[j - 1], run[j]) == Ordering::Greater {
                run.swap(j - 1, j);
                j -= 1;
            }
        }
    }
    let mut b = vec![0; n];
    let mut width = RUN;
    while width < n {
        for start in (0..n).step_by(2 * width) {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut b[start..end] {
                // Take from the right only when it is strictly less: equal keys keep their order.
                if j < end && (i >= mid || cmp(a[j], a[i]) == Ordering::Less) {
                    *slot = a[j];
                    j += 1;
                } else {
                    *slot = a[i];
                    i += 1;
                }
            }
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Reorders `v` so that `v[i]` becomes the old `v[order[i]]`, by following cycles.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for i in 0..v.len() {
        let mut j = i;
        loop {
            let k = order[j];
            order[j] = j;
            if k == i {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_std_for_every_length_and_many_orders() {
        let mut seed = 7u64;
        for n in 0..80 {
            for _ in 0..20 {
                let v: Vec<(u8, usize)> = (0..n)
                    .map(|i| {
                        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                        (((seed >> 33) % 5) as u8, i)
                    })
                    .collect();
                let mut want = v.clone();
                want.sort_by_key(|e| e.0);
                let mut got = v;
                sort_by(&mut got, |a, b| a.0.cmp(&b.0));
                assert_eq!(got, want, "n = {n}");
            }
        }
        // Names that tie on their first 16 bytes, are prefixes of each other, or hold a NUL.
        let mut names: Vec<String> = Vec::new();
        for _ in 0..400 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let stem = ["", "ip-10-0-12-34.ec2.internal-", "node-", "a\0", "é-ü"][(seed >> 40) as usize % 5];
            names.push(format!("{stem}{}", (seed >> 20) % 1000).chars().take(1 + (seed >> 50) as usize % 40).collect());
        }
        let mut want = names.clone();
        want.sort();
        sort_names(&mut names);
        assert_eq!(names, want);
        let mut words = vec!["b", "a", "c", "a"];
        sort(&mut words);
        assert_eq!(words, ["a", "a", "b", "c"]);
        let mut by_len = vec!["ccc", "a", "bb", "d"];
        sort_by_key(&mut by_len, |s| s.len());
        assert_eq!(by_len, ["a", "d", "bb", "ccc"]);
    }
}
