//! A read-only hash table for the scoring hot path: open addressing with linear probing over
//! one array of (key, value) slots, at most half full, hashed by one multiplication.
//!
//! The classifier looks up every token of every statement (and most adjacent pairs); with a
//! general-purpose map those lookups were most of `batch`'s time. Keys here are integers that
//! are already well mixed or cheap to mix, the table never changes after it is built, and a
//! missing key ends its probe at the first empty slot, so a lookup is a multiply, a shift and
//! usually one compare.

/// A key of a [`ProbeTable`]: an integer with one value that never occurs as a key.
pub trait ProbeKey: Copy + Eq {
    /// The value that marks an empty slot; it must never be inserted.
    const EMPTY: Self;
    /// 64 well-mixed bits of the key (the top bits choose the slot).
    fn spread(self) -> u64;
}

/// Fibonacci hashing: the golden-ratio multiplier spreads the key into the top bits.
const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

impl ProbeKey for u128 {
    /// A packed token is zero only when the token is empty, which never happens.
    const EMPTY: u128 = 0;
    #[inline]
    fn spread(self) -> u64 {
        let folded = (self as u64) ^ ((self >> 64) as u64).rotate_left(29);
        folded.wrapping_mul(MULTIPLIER)
    }
}

impl ProbeKey for u64 {
    /// A pair of token ids is all ones only for ids `u32::MAX`, which are never given out.
    const EMPTY: u64 = u64::MAX;
    #[inline]
    fn spread(self) -> u64 {
        (self ^ (self >> 29)).wrapping_mul(MULTIPLIER)
    }
}

/// A frozen map from keys to `u32` values.
#[derive(Debug, Clone)]
pub struct ProbeTable<K: ProbeKey> {
    slots: Vec<(K, u32)>,
    /// 64 minus log2 of the slot count: `spread >> shift` is the home slot.
    shift: u32,
}

impl<K: ProbeKey> ProbeTable<K> {
    /// A table holding `entries` (a key given twice keeps its last value). Keys equal to
    /// [`ProbeKey::EMPTY`] are left out.
    pub fn new(entries: impl ExactSizeIterator<Item = (K, u32)>) -> ProbeTable<K> {
        let capacity = (entries.len() * 2).next_power_of_two().max(16);
        let mut table = ProbeTable {
            slots: vec![(K::EMPTY, 0); capacity],
            shift: 64 - capacity.trailing_zeros(),
        };
        let mask = capacity - 1;
        for (key, value) in entries {
            if key == K::EMPTY {
                continue;
            }
            let mut slot = table.home(key);
            while table.slots[slot].0 != K::EMPTY && table.slots[slot].0 != key {
                slot = (slot + 1) & mask;
            }
            table.slots[slot] = (key, value);
        }
        table
    }

    #[inline]
    fn home(&self, key: K) -> usize {
        (key.spread() >> self.shift) as usize
    }

    /// The value of `key`, if it is in the table.
    #[inline]
    pub fn get(&self, key: K) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut slot = self.home(key);
        loop {
            let (stored, value) = self.slots[slot & mask];
            if stored == K::EMPTY {
                return None;
            }
            if stored == key {
                return Some(value);
            }
            slot = (slot & mask) + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_key_and_nothing_else() {
        // Keys that share their low or high bits, so that many of them collide.
        let keys: Vec<u128> = (1..=5000u128).map(|k| (k << 64) | (k * 4096)).collect();
        let table = ProbeTable::new(keys.iter().enumerate().map(|(i, &k)| (k, i as u32)));
        for (i, &key) in keys.iter().enumerate() {
            assert_eq!(table.get(key), Some(i as u32));
        }
        for missing in [
            1u128,
            4096,
            1 << 64,
            u128::MAX,
            (5001 << 64) | (5001 * 4096),
        ] {
            assert_eq!(table.get(missing), None);
        }
    }

    #[test]
    fn pair_keys_and_the_empty_key() {
        let pairs = [
            (0u64, 7u32),
            (1 << 32, 8),
            (u64::MAX, 9),
            ((3 << 32) | 4, 10),
        ];
        let table = ProbeTable::new(pairs.into_iter());
        assert_eq!(table.get(0), Some(7));
        assert_eq!(table.get(1 << 32), Some(8));
        assert_eq!(table.get((3 << 32) | 4), Some(10));
        assert_eq!(table.get(u64::MAX), None, "the empty key is never stored");
        assert_eq!(table.get(5), None);
        let empty = ProbeTable::<u64>::new(std::iter::empty());
        assert_eq!(empty.get(0), None);
    }
}
