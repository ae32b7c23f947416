//! A hash table for the scoring hot path: open addressing with linear probing, at most half
//! full, hashed by one multiplication; filled once, then only read.
//!
//! The classifier looks up every token of every statement (and most adjacent pairs); with a
//! general-purpose map those lookups were most of `batch`'s time. Keys here are integers that
//! are already well mixed or cheap to mix, the table never changes after it is built, and a
//! missing key ends its probe at the first empty slot, so a lookup is a multiply, a shift and
//! usually one compare.
//!
//! A table's arrays are a [`Cow`]: owned when built at run time, borrowed from static arrays
//! when `build.rs` built it (the embedded model's tables; see `tables.rs`).

use std::borrow::Cow;

/// A key of a [`ProbeTable`]: an integer with one value that never occurs as a key.
pub trait ProbeKey: Copy + Eq + 'static {
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

/// A map from keys to `u32` values that only grows: filled while the classifier is built,
/// then only read.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeTable<K: ProbeKey> {
    /// Keys and values in separate arrays: a 16-byte key beside a 4-byte value would pad
    /// every slot to 32 bytes, and these tables are a large part of a cold start's memory.
    keys: Cow<'static, [K]>,
    values: Cow<'static, [u32]>,
    len: usize,
    /// 64 minus log2 of the slot count: `spread >> shift` is the home slot.
    shift: u32,
}

impl<K: ProbeKey> Default for ProbeTable<K> {
    fn default() -> ProbeTable<K> {
        ProbeTable::with_slots(16)
    }
}

impl<K: ProbeKey> ProbeTable<K> {
    fn with_slots(slots: usize) -> ProbeTable<K> {
        ProbeTable {
            keys: Cow::Owned(vec![K::EMPTY; slots]),
            values: Cow::Owned(vec![0; slots]),
            len: 0,
            shift: 64 - slots.trailing_zeros(),
        }
    }

    /// The table whose slots are `keys` and `values` (as [`ProbeTable::slots`] gives them,
    /// `len` of them full): how `build.rs` writes a built table as static arrays.
    pub fn frozen(keys: &'static [K], values: &'static [u32], len: usize) -> ProbeTable<K> {
        debug_assert!(keys.len().is_power_of_two() && keys.len() == values.len());
        ProbeTable {
            keys: Cow::Borrowed(keys),
            values: Cow::Borrowed(values),
            len,
            shift: 64 - keys.len().trailing_zeros(),
        }
    }

    /// The slots' keys and values and the number of keys: what [`ProbeTable::frozen`] takes.
    #[allow(dead_code, reason = "build.rs calls it, the library does not")]
    pub fn slots(&self) -> (&[K], &[u32], usize) {
        (&self.keys, &self.values, self.len)
    }

    /// An empty table with room for `keys` keys before it has to grow (growing copies the
    /// table, and at a cold start every page touched counts).
    pub fn with_capacity(keys: usize) -> ProbeTable<K> {
        ProbeTable::with_slots((2 * keys).next_power_of_two().max(16))
    }

    #[inline]
    fn home(&self, key: K) -> usize {
        (key.spread() >> self.shift) as usize
    }

    /// The slot holding `key`, or the empty slot where it would go.
    #[inline]
    fn slot(&self, key: K) -> usize {
        let mask = self.keys.len() - 1;
        let mut slot = self.home(key);
        while self.keys[slot] != K::EMPTY && self.keys[slot] != key {
            slot = (slot + 1) & mask;
        }
        slot
    }

    /// The value of `key`, inserting `value` first when `key` is not in the table yet.
    /// [`ProbeKey::EMPTY`] is never stored: it gets `value` back.
    pub fn get_or_insert(&mut self, key: K, value: u32) -> u32 {
        if key == K::EMPTY {
            return value;
        }
        let slot = self.slot(key);
        if self.keys[slot] == key {
            return self.values[slot];
        }
        // At most half full, so that a probe stays short and always ends at an empty slot.
        if 2 * (self.len + 1) > self.keys.len() {
            let mut bigger = ProbeTable::with_slots(2 * self.keys.len());
            for (&old, &old_value) in self.keys.iter().zip(self.values.iter()) {
                if old != K::EMPTY {
                    bigger.get_or_insert(old, old_value);
                }
            }
            *self = bigger;
            return self.get_or_insert(key, value);
        }
        self.keys.to_mut()[slot] = key;
        self.values.to_mut()[slot] = value;
        self.len += 1;
        value
    }

    /// The value of `key`, if it is in the table.
    #[inline]
    pub fn get(&self, key: K) -> Option<u32> {
        if key == K::EMPTY {
            return None;
        }
        self.get_present(key)
    }

    /// [`ProbeView::get_present`].
    #[inline]
    pub fn get_present(&self, key: K) -> Option<u32> {
        self.view().get_present(key)
    }

    /// The table's arrays, borrowed for a run of lookups.
    #[inline]
    pub fn view(&self) -> ProbeView<'_, K> {
        ProbeView {
            keys: &self.keys,
            values: &self.values,
            shift: self.shift,
        }
    }
}

/// A [`ProbeTable`]'s arrays borrowed for a run of lookups: the scoring loop takes one per
/// statement, so that a lookup does not first choose between a borrowed and an owned array.
#[derive(Debug, Clone, Copy)]
pub struct ProbeView<'a, K: ProbeKey> {
    keys: &'a [K],
    values: &'a [u32],
    shift: u32,
}

impl<K: ProbeKey> ProbeView<'_, K> {
    /// [`ProbeTable::get`] for a key known not to be [`ProbeKey::EMPTY`] (for that one it
    /// would answer the value of an empty slot). Compares with `key` before testing for an
    /// empty slot: most lookups in the hot path find their key at its home slot.
    #[inline]
    pub fn get_present(&self, key: K) -> Option<u32> {
        debug_assert!(key != K::EMPTY, "get_present of the empty key");
        let mask = self.keys.len() - 1;
        let mut slot = (key.spread() >> self.shift) as usize;
        loop {
            let found = *self.keys.get(slot)?;
            if found == key {
                return self.values.get(slot).copied();
            }
            if found == K::EMPTY {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_of<K: ProbeKey>(entries: impl IntoIterator<Item = (K, u32)>) -> ProbeTable<K> {
        let mut table = ProbeTable::default();
        for (key, value) in entries {
            table.get_or_insert(key, value);
        }
        table
    }

    #[test]
    fn finds_every_key_and_nothing_else() {
        // Keys that share their low or high bits, so that many of them collide.
        let keys: Vec<u128> = (1..=5000u128).map(|k| (k << 64) | (k * 4096)).collect();
        let table = table_of(keys.iter().enumerate().map(|(i, &k)| (k, i as u32)));
        assert_eq!(table.len, keys.len());
        assert!(table.keys.len() >= 2 * keys.len(), "at most half full");
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
        let table = table_of(pairs);
        assert_eq!(table.get(0), Some(7));
        assert_eq!(table.get(1 << 32), Some(8));
        assert_eq!(table.get((3 << 32) | 4), Some(10));
        assert_eq!(table.get(u64::MAX), None, "the empty key is never stored");
        assert_eq!(table.get(5), None);
        let mut again = table.clone();
        assert_eq!(again.get_or_insert(0, 99), 7, "the first value is kept");
        let empty = table_of::<u64>(std::iter::empty());
        assert_eq!(empty.get(0), None);
    }
}
