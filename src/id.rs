//! Ticket and entry identifiers.
//!
//! Ticket IDs are 10 random Crockford base32 characters (50 bits): never sequential and never
//! derived from content, so clones working offline do not mint the same ID (the failure class
//! that sequential trackers such as Backlog.md and beads keep hitting). The first two characters
//! name the shard directory. Users type any unambiguous prefix; input is case-insensitive and
//! Crockford's look-alikes (`I`/`L` → `1`, `O` → `0`) are accepted.

use std::fmt;

/// Crockford base32 alphabet (no I, L, O, U).
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Length of a full ticket ID.
pub const TICKET_ID_LEN: usize = 10;
/// Length of an entry or event ID (40 bits; unique within one ticket).
pub const ENTRY_ID_LEN: usize = 8;
/// Shortest prefix shown for a ticket ID.
pub const MIN_SHORT_LEN: usize = 4;
/// Environment variable that seeds ID generation (tests and reproducible demos).
pub const SEED_ENV: &str = "DESK_SEED";

/// The characters of the ID whose [`TicketId::number`] is `n` (its lowest 50 bits), without
/// allocating: printing a million IDs should not cost a million strings.
pub fn number_text(n: u64) -> [u8; TICKET_ID_LEN] {
    let mut text = [0; TICKET_ID_LEN];
    for (i, c) in text.iter_mut().enumerate() {
        *c = ALPHABET[(n >> ((TICKET_ID_LEN - 1 - i) * 5) & 31) as usize];
    }
    text
}

/// The text of [`number_text`]'s characters (always ASCII from [`ALPHABET`]).
pub fn text_of(text: &[u8; TICKET_ID_LEN]) -> &str {
    std::str::from_utf8(text).unwrap_or_default()
}

/// A full ticket ID such as `K7Q3M9XT2A`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TicketId(String);

impl TicketId {
    /// Parses a full ID, normalising case and look-alike characters.
    pub fn parse(text: &str) -> Option<Self> {
        let normal = normalize(text)?;
        (normal.len() == TICKET_ID_LEN).then_some(Self(normal))
    }

    /// The ID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The shard directory name (the first two characters).
    pub fn shard(&self) -> &str {
        &self.0[..2]
    }

    /// The path of the ticket file relative to the repository root.
    pub fn path(&self) -> String {
        format!("tickets/{}/{}.md", self.shard(), self.0)
    }

    /// The ID as a number (50 bits, five per character): numbers order like the IDs' text, as
    /// the alphabet is in ASCII order. The search index keeps IDs this way for sorting.
    pub fn number(&self) -> u64 {
        self.0.bytes().fold(0, |n, c| n << 5 | ALPHABET.iter().position(|a| *a == c).unwrap_or(0) as u64)
    }

    /// The ID whose [`Self::number`] is `n` (its lowest 50 bits).
    pub fn from_number(n: u64) -> Self {
        let text = number_text(n);
        Self(text_of(&text).to_string())
    }

    /// The ticket a `tickets/<shard>/<ID>.md` path holds (`None` for any other path).
    pub fn from_path(path: &str) -> Option<Self> {
        let (shard, file) = path.strip_prefix("tickets/")?.split_once('/')?;
        Self::parse(file.strip_suffix(".md")?).filter(|id| id.shard() == shard)
    }
}

impl fmt::Display for TicketId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Upper-cases `text` and maps Crockford look-alikes; `None` if it has other characters.
pub fn normalize(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for ch in text.trim().chars() {
        let up = match ch.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            c => c,
        };
        if !up.is_ascii() || !ALPHABET.contains(&(up as u8)) {
            return None;
        }
        out.push(up);
    }
    (!out.is_empty()).then_some(out)
}

/// Random source for IDs: the OS, or a seed from `DESK_SEED` for reproducible runs.
pub struct IdGenerator {
    rng: fastrand::Rng,
}

impl IdGenerator {
    /// Seeded from `DESK_SEED` when set, else from the operating system.
    pub fn from_env() -> Self {
        let seed = std::env::var(SEED_ENV)
            .ok()
            .and_then(|text| text.trim().parse::<u64>().ok())
            .unwrap_or_else(|| getrandom::u64().unwrap_or_else(|_| fastrand::u64(..)));
        Self::seeded(seed)
    }

    /// A deterministic generator.
    pub fn seeded(seed: u64) -> Self {
        Self { rng: fastrand::Rng::with_seed(seed) }
    }

    /// A fresh ticket ID for which `taken` is false.
    pub fn ticket_id(&mut self, taken: impl Fn(&TicketId) -> bool) -> TicketId {
        loop {
            let id = TicketId(self.chars(TICKET_ID_LEN));
            if !taken(&id) {
                return id;
            }
        }
    }

    /// A fresh entry/event ID for which `taken` is false.
    pub fn entry_id(&mut self, taken: impl Fn(&str) -> bool) -> String {
        loop {
            let id = self.chars(ENTRY_ID_LEN).to_ascii_lowercase();
            if !taken(&id) {
                return id;
            }
        }
    }

    fn chars(&mut self, len: usize) -> String {
        (0..len).map(|_| ALPHABET[self.rng.usize(..32)] as char).collect()
    }
}

/// The shortest prefix of `id` (at least [`MIN_SHORT_LEN`]) that no ID in `others` shares.
pub fn short_len<'a>(id: &str, others: impl IntoIterator<Item = &'a str>) -> usize {
    let common = others
        .into_iter()
        .filter(|other| *other != id)
        .map(|other| id.bytes().zip(other.bytes()).take_while(|(a, b)| a == b).count())
        .max()
        .unwrap_or(0);
    (common + 1).clamp(MIN_SHORT_LEN, id.len())
}

/// Short display lengths for many IDs at once: `sorted` must be sorted; each ID only needs to
/// differ from its neighbours, so this is linear after the sort.
pub fn short_lens(sorted: &[&str]) -> Vec<usize> {
    let common = |a: &str, b: &str| a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    (0..sorted.len())
        .map(|i| {
            let before = if i > 0 { common(sorted[i], sorted[i - 1]) } else { 0 };
            let after = sorted.get(i + 1).map_or(0, |next| common(sorted[i], next));
            (before.max(after) + 1).clamp(MIN_SHORT_LEN, sorted[i].len())
        })
        .collect()
}

/// The git blob id of `bytes` (what `git hash-object` prints), without touching a repository.
pub fn blob_id(bytes: &[u8]) -> git2::Oid {
    use sha1::Digest;
    let mut hasher = sha1::Sha1::new();
    hasher.update(format!("blob {}\0", bytes.len()).as_bytes());
    hasher.update(bytes);
    git2::Oid::from_bytes(&hasher.finalize()).unwrap_or(git2::Oid::ZERO_SHA1)
}

/// The SHA-1 of `bytes` in lowercase hex (content names: attachments, mail, message index).
pub fn sha1_hex(bytes: &[u8]) -> String {
    use sha1::Digest;
    sha1::Sha1::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `len` (at most 12) ID characters derived from `seed`: every clone derives the same ones, so
/// ids of imported tickets and of what rules write never depend on who wrote them first.
pub fn derived_chars(seed: &str, len: usize) -> String {
    use sha1::Digest;
    let digest = sha1::Sha1::digest(seed.as_bytes());
    let bits = digest[..8].iter().fold(0u64, |bits, byte| bits << 8 | u64::from(*byte));
    (0..len).map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_base32_and_avoid_taken_ones() {
        let mut generator = IdGenerator::seeded(7);
        let first = generator.ticket_id(|_| false);
        assert_eq!(first.as_str().len(), TICKET_ID_LEN);
        let mut again = IdGenerator::seeded(7);
        let second = again.ticket_id(|id| *id == first);
        assert_ne!(first, second);
        assert_eq!(first.path(), format!("tickets/{}/{}.md", &first.as_str()[..2], first));
    }

    #[test]
    fn normalize_accepts_lowercase_and_lookalikes() {
        assert_eq!(normalize("k7q3").as_deref(), Some("K7Q3"));
        assert_eq!(normalize("iLo0").as_deref(), Some("1100"));
        assert_eq!(normalize("K7U3"), None);
        assert_eq!(normalize(""), None);
    }

    #[test]
    fn numbers_round_trip_and_keep_the_order() {
        let mut generator = IdGenerator::seeded(7);
        let mut ids: Vec<TicketId> = (0..200).map(|_| generator.ticket_id(|_| false)).collect();
        ids.extend(["0000000000", "ZZZZZZZZZZ", "A000000001"].iter().filter_map(|t| TicketId::parse(t)));
        for id in &ids {
            assert_eq!(TicketId::from_number(id.number()), *id);
        }
        let mut by_text = ids.clone();
        by_text.sort();
        let mut by_number = ids;
        by_number.sort_by_key(TicketId::number);
        assert_eq!(by_text, by_number);
    }

    #[test]
    fn short_len_grows_only_when_needed() {
        assert_eq!(short_len("K7Q3M9XT2A", ["K7Q3M9XT2A", "K7ZZZZZZZZ"]), 4);
        assert_eq!(short_len("K7Q3M9XT2A", ["K7Q3MAAAAA"]), 6);
        assert_eq!(short_lens(&["AAAAAAAAAA", "AAAAAB0000", "B000000000"]), [6, 6, 4]);
    }
}
