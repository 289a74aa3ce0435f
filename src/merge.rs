//! Three-way merge of ticket files (the `desk merge-driver` git calls).
//!
//! Front matter merges key by key: a value changed on one side wins (the ID too, after a
//! `desk renumber`); list fields (tags, cc, followers) take both sides' additions and honour
//! both sides' removals; a scalar changed differently on both sides goes to the side that
//! closed the ticket (closing is final), else to the side whose change is later (by the events'
//! times, ties to the greater value — the more urgent priority — so the result does not depend
//! on which side is "ours"), and the discarded value is recorded in a `merged` event. The body
//! merges block by block: blocks of the common base keep their order, each side's new entries
//! and events keep theirs and the two are interleaved by time, and no block is ever dropped or
//! duplicated.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::ticket::document::{Block, BlockKind, Document};
use crate::ticket::{Event, LIST_FIELDS, Ticket, TicketFile, yaml};

/// A merged ticket file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The merged file.
    pub text: String,
    /// Fields changed differently on both sides, with the value kept.
    pub resolved: Vec<String>,
}

/// A file that cannot be merged structurally (it does not parse).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unmergeable(pub String);

fn parse(name: &str, text: &str) -> Result<TicketFile, Unmergeable> {
    TicketFile::parse(text).map_err(|e| Unmergeable(format!("{name}: line {}: {}", e.line, e.message)))
}

/// What the merge needs to know of the repository's configuration.
pub trait Rules {
    /// Whether `status` of a ticket of type `kind` is in the closed category (closing is final:
    /// it wins a merge).
    fn is_closed(&self, kind: &str, status: &str) -> bool;
    /// The rank of a priority (higher is more urgent), for ties.
    fn priority_rank(&self, priority: &str) -> Option<usize>;
}

/// The rules when no configuration can be read: nothing is closed, priorities have no rank.
pub struct NoRules;

impl Rules for NoRules {
    fn is_closed(&self, _: &str, _: &str) -> bool {
        false
    }
    fn priority_rank(&self, _: &str) -> Option<usize> {
        None
    }
}

impl Rules for crate::config::Config {
    fn is_closed(&self, kind: &str, status: &str) -> bool {
        self.category_for(kind, status) == Some(crate::config::Category::Closed)
    }
    fn priority_rank(&self, priority: &str) -> Option<usize> {
        self.priority_rank_any_case(priority)
    }
}

/// Merges `ours` and `theirs`, both derived from `base` (an empty base: both sides added it).
pub fn merge(base: &str, ours: &str, theirs: &str, rules: &dyn Rules) -> Result<Merged, Unmergeable> {
    let o = parse("ours", ours)?;
    let t = parse("theirs", theirs)?;
    let b = if base.trim().is_empty() { None } else { Some(parse("base", base)?) };
    // Both sides created the file: the same ticket only if they share its first entry.
    if b.is_none() && !o.same_ticket(&t) {
        return Err(Unmergeable(format!(
            "two different tickets were created with the same ID {} (its first entries differ)",
            o.ticket().id
        )));
    }
    let mut doc = o.document().clone();
    let mut resolved = Vec::new();
    let mut discarded = BTreeMap::new();
    let (ot, tt) = (o.ticket(), t.ticket());
    let bt = b.as_ref().map(TicketFile::ticket);
    let rank = crate::ticket::key_rank;
    // Known scalar fields, the ID included (`desk renumber` on one side, an edit on the other).
    for key in std::iter::once(&"id").chain(crate::ticket::TRACKED_SCALARS) {
        let (bv, ov, tv) = (bt.and_then(|x| x.scalar(key)), ot.scalar(key), tt.scalar(key));
        let chosen = if ov == tv || bv == tv {
            ov
        } else if bv == ov {
            tv
        } else {
            let (o_at, t_at) = (last_change(ot, key), last_change(tt, key));
            // Closing is final: a side that closed the ticket wins over a later change.
            let closed =
                |side: &Ticket, v: Option<&str>| *key == "status" && v.is_some_and(|v| rules.is_closed(&side.kind, v));
            // Ties go to the greater value: for priorities, the more urgent.
            let rank = |v: Option<&str>| if *key == "priority" { v.and_then(|v| rules.priority_rank(v)) } else { None };
            let winner =
                if (closed(ot, ov), o_at, rank(ov), ov) >= (closed(tt, tv), t_at, rank(tv), tv) { ov } else { tv };
            let loser = if winner == ov { tv } else { ov };
            resolved.push(format!("{key}: kept {}", winner.unwrap_or("(none)")));
            discarded.insert(key.to_string(), json!({ "kept": winner, "discarded": loser }));
            winner
        };
        if chosen != ov {
            doc.set_chunk(key, chosen.map(|v| yaml::scalar_line(key, v)), rank);
        }
    }
    // Sets: a side that left the list alone takes the other's; otherwise both sides' additions
    // (after the surviving base items, in sorted order so neither side comes first) and both
    // sides' removals.
    for key in LIST_FIELDS {
        let base_list: &[String] = bt.map_or(&[], |x| x.list(key));
        let (ol, tl) = (ot.list(key), tt.list(key));
        let merged: Vec<String> = if ol == base_list {
            tl.to_vec()
        } else if tl == base_list || ol == tl {
            ol.to_vec()
        } else {
            let kept = base_list.iter().filter(|v| ol.contains(v) && tl.contains(v));
            let mut added: Vec<&String> = ol.iter().chain(tl).filter(|v| !base_list.contains(v)).collect();
            added.sort();
            added.dedup();
            kept.chain(added).cloned().collect()
        };
        if merged != ol {
            doc.set_chunk(key, yaml::list_lines(key, &merged), rank);
        }
    }
    // Keys desk does not know: a side that changed one wins; changed on both, ours is kept.
    let chunk_of = |file: &TicketFile, key: &str| {
        file.document().chunks().iter().find(|c| c.key.as_deref() == Some(key)).map(|c| c.raw.clone())
    };
    let unknown: Vec<String> = ot.extra.keys().chain(tt.extra.keys()).cloned().collect();
    for key in unknown {
        let (bc, oc, tc) = (b.as_ref().and_then(|f| chunk_of(f, &key)), chunk_of(&o, &key), chunk_of(&t, &key));
        if oc != tc && bc == oc {
            doc.set_chunk(&key, tc, rank);
        } else if oc != tc && bc != tc {
            resolved.push(format!("{key}: kept ours"));
        }
    }
    doc.set_blocks(merge_blocks(b.as_ref().map(TicketFile::document), o.document(), t.document()));
    let mut text = doc.render();
    if !discarded.is_empty() {
        let mut file = TicketFile::parse(&text).map_err(|e| Unmergeable(e.message))?;
        let at = ot.last_activity().max(tt.last_activity());
        let mut event = Event { id: deterministic_id(&discarded), at, by: "desk".into(), ..Default::default() };
        event.extra.insert("merged".into(), json!(discarded));
        file.push_event(event);
        text = file.render();
    }
    Ok(Merged { text, resolved })
}

/// When a field last changed on a side (its events' times).
fn last_change(ticket: &Ticket, key: &str) -> Option<DateTime<Utc>> {
    ticket.events.iter().filter(|e| e.set.contains_key(key)).map(|e| e.at).max()
}

fn deterministic_id(value: &BTreeMap<String, serde_json::Value>) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(value).unwrap_or_default().hash(&mut hasher);
    let n = hasher.finish();
    (0..8).map(|i| crate::id::ALPHABET[((n >> (i * 5)) & 31) as usize] as char).collect::<String>().to_lowercase()
}

/// The id and time of a marker block.
fn block_key(block: &Block) -> Option<(String, String)> {
    let BlockKind::Marker { payload, .. } = &block.kind else { return None };
    let value: serde_json::Value = serde_json::from_str(payload).ok()?;
    Some((value["id"].as_str()?.to_string(), value["at"].as_str().unwrap_or_default().to_string()))
}

/// Base blocks in base order, then the new blocks of both sides, each side's in its order,
/// interleaved by time. A block changed on one side takes that side's text; changed on both,
/// ours.
fn merge_blocks(base: Option<&Document>, ours: &Document, theirs: &Document) -> Vec<Block> {
    let index = |doc: &Document| -> BTreeMap<String, Block> {
        doc.blocks().iter().filter_map(|b| block_key(b).map(|(id, _)| (id, b.clone()))).collect()
    };
    let (base_blocks, our_blocks, their_blocks) = (base.map(index).unwrap_or_default(), index(ours), index(theirs));
    let pick = |id: &str| -> Option<Block> {
        let (b, o, t) = (base_blocks.get(id), our_blocks.get(id), their_blocks.get(id));
        let same =
            |x: Option<&Block>, y: Option<&Block>| x.map(|v| normalized(&v.raw)) == y.map(|v| normalized(&v.raw));
        match (o, t) {
            (Some(o), Some(t)) if !same(Some(o), Some(t)) && same(b, Some(o)) => Some(t.clone()),
            (Some(o), _) => Some(o.clone()),
            (None, Some(t)) => Some(t.clone()),
            (None, None) => b.cloned(),
        }
    };
    let mut out: Vec<Block> = ours.blocks().iter().filter(|b| block_key(b).is_none()).take(1).cloned().collect();
    let mut seen = HashSet::new();
    if let Some(base) = base {
        for block in base.blocks() {
            if let Some((id, _)) = block_key(block)
                && seen.insert(id.clone())
                && let Some(chosen) = pick(&id)
            {
                out.push(chosen);
            }
        }
    }
    // New blocks: each side's in its own order (the order they were written, which times of
    // the same second cannot tell), the two interleaved by time; between the two sides' next
    // blocks, ties go to the smaller id, so the result does not depend on which side is ours.
    let fresh = |doc: &Document| -> Vec<(String, String)> {
        doc.blocks()
            .iter()
            .filter_map(block_key)
            .filter(|(id, _)| !seen.contains(id))
            .map(|(id, at)| (at, id))
            .collect()
    };
    let (ours_new, theirs_new) = (fresh(ours), fresh(theirs));
    let (mut i, mut j) = (0, 0);
    loop {
        // A block both sides added (the same ticket added twice, a cherry-pick) is placed once:
        // its other copy is passed over as soon as it comes up, so it holds back neither side.
        while ours_new.get(i).is_some_and(|(_, id)| seen.contains(id)) {
            i += 1;
        }
        while theirs_new.get(j).is_some_and(|(_, id)| seen.contains(id)) {
            j += 1;
        }
        if i == ours_new.len() && j == theirs_new.len() {
            break;
        }
        let take_ours = match (ours_new.get(i), theirs_new.get(j)) {
            (Some(o), Some(t)) => o <= t,
            (Some(_), None) => true,
            _ => false,
        };
        let (_, id) = if take_ours { &ours_new[i] } else { &theirs_new[j] };
        if take_ours {
            i += 1;
        } else {
            j += 1;
        }
        if seen.insert(id.clone())
            && let Some(chosen) = pick(id)
        {
            out.push(chosen);
        }
    }
    out
}

/// Block text without the blank lines that separate it from the next one.
fn normalized(raw: &str) -> &str {
    raw.trim_end_matches(['\n', '\r'])
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::id::IdGenerator;
    use crate::ticket::{Entry, NewTicket, Role, Visibility};

    #[derive(Debug, Clone)]
    enum Op {
        Note(String),
        Priority(usize),
        Tag(usize),
        Untag(usize),
    }

    const PRIORITIES: [&str; 4] = ["low", "normal", "high", "urgent"];
    const TAGS: [&str; 4] = ["a", "b", "c", "d"];

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            "[a-z ]{1,12}".prop_map(Op::Note),
            (0..4usize).prop_map(Op::Priority),
            (0..4usize).prop_map(Op::Tag),
            (0..4usize).prop_map(Op::Untag),
        ]
    }

    fn base() -> TicketFile {
        let at = crate::clock::parse_time("2026-11-23T09:00:00Z").unwrap();
        let mut file = TicketFile::create(NewTicket {
            id: "K7Q3M9XT2A".into(),
            title: "Merge".into(),
            status: "open".into(),
            kind: "question".into(),
            priority: "normal".into(),
            requester: None,
            assignee: None,
            team: None,
            channel: None,
            parent: None,
            created: at,
            tags: vec!["a".into(), "b".into()],
            cc: vec![],
        });
        file.push_entry(Entry {
            id: "desc0000".into(),
            at,
            author: "alice".into(),
            role: Role::Agent,
            visibility: Visibility::Public,
            extra: Default::default(),
            body: "base".into(),
            line: 0,
        });
        file
    }

    /// Applies ops as desk commands would, one minute apart from `start` minutes.
    fn apply(mut file: TicketFile, ops: &[Op], seed: u64, start: i64) -> TicketFile {
        let mut ids = IdGenerator::seeded(seed);
        let t0 = crate::clock::parse_time("2026-11-23T10:00:00Z").unwrap();
        for (n, op) in ops.iter().enumerate() {
            let at = t0 + chrono::Duration::minutes(start + 2 * n as i64);
            let mut event = Event { id: file.fresh_id(&mut ids), at, by: "alice".into(), ..Default::default() };
            match op {
                Op::Note(text) => file.push_entry(Entry {
                    id: file.fresh_id(&mut ids),
                    at,
                    author: "alice".into(),
                    role: Role::Agent,
                    visibility: Visibility::Internal,
                    extra: Default::default(),
                    body: text.clone(),
                    line: 0,
                }),
                Op::Priority(p) => {
                    file.set("priority", Some(PRIORITIES[*p]), &mut event);
                }
                Op::Tag(t) => {
                    file.add("tags", &[TAGS[*t].to_string()], &mut event);
                }
                Op::Untag(t) => {
                    file.remove("tags", &[TAGS[*t].to_string()], &mut event);
                }
            }
            file.push_event(event);
        }
        file
    }

    /// The same ticket added on both sides: its first entry is new to both, shared, and must
    /// hold back neither side's later blocks, whichever side is ours.
    #[test]
    fn a_block_both_sides_added_holds_back_neither() {
        let b = base();
        for seed in 0..40 {
            // The same note written on both sides (same id and time), then each side's own, all
            // at one time: the ids alone order them.
            let shared = apply(b.clone(), &[Op::Note("s".into())], seed, 0);
            let o = apply(shared.clone(), &[Op::Note("a".into()), Op::Note("c".into())], seed + 100, -2);
            let t = apply(shared, &[Op::Note("b".into())], seed + 200, -2);
            let one = merge(&b.render(), &o.render(), &t.render(), &NoRules).unwrap();
            let other = merge(&b.render(), &t.render(), &o.render(), &NoRules).unwrap();
            assert_eq!(one.text, other.text, "seed {seed}");
        }
    }

    #[test]
    fn two_tickets_with_one_id_are_not_merged_into_one() {
        let a = base();
        let mut other = base();
        other = apply(other, &[Op::Note("x".into())], 3, 0);
        let renamed = other.render().replace("desc0000", "desc1111");
        let err = merge("", &a.render(), &renamed, &NoRules).unwrap_err();
        assert!(err.0.contains("same ID"), "{err}");
        assert!(
            merge("", &a.render(), &other.render(), &NoRules).is_ok(),
            "the same ticket added on both sides merges"
        );
    }

    /// Sets `field` to `value` at `minute` past ten, as a command would.
    fn set(mut file: TicketFile, field: &str, value: &str, minute: i64) -> TicketFile {
        let at = crate::clock::parse_time("2026-11-23T10:00:00Z").unwrap() + chrono::Duration::minutes(minute);
        let mut event = Event { id: format!("set{minute:05}"), at, by: "alice".into(), ..Default::default() };
        file.set(field, Some(value), &mut event);
        file.push_event(event);
        file
    }

    struct ClosedIsClosed;

    impl Rules for ClosedIsClosed {
        fn is_closed(&self, _: &str, status: &str) -> bool {
            status == "closed"
        }
        fn priority_rank(&self, priority: &str) -> Option<usize> {
            PRIORITIES.iter().position(|p| *p == priority)
        }
    }

    #[test]
    fn a_renumbered_ticket_keeps_its_new_id_and_the_other_side_s_changes() {
        let b = base();
        let renumbered = set(b.clone(), "id", "NQZAN4E2ZC", 1);
        let noted = apply(b.clone(), &[Op::Note("x".into())], 3, 2);
        for (ours, theirs) in [(&renumbered, &noted), (&noted, &renumbered)] {
            let merged = merge(&b.render(), &ours.render(), &theirs.render(), &NoRules).unwrap();
            let m = TicketFile::parse(&merged.text).unwrap();
            assert_eq!(m.ticket().id, "NQZAN4E2ZC");
            assert_eq!(m.ticket().entries.len(), 2, "the note is kept");
        }
    }

    #[test]
    fn closing_wins_over_a_later_change_and_ties_go_to_the_more_urgent_priority() {
        let b = base();
        let closed = set(b.clone(), "status", "closed", 1);
        let reopened = set(b.clone(), "status", "pending", 5);
        for (ours, theirs) in [(&closed, &reopened), (&reopened, &closed)] {
            let merged = merge(&b.render(), &ours.render(), &theirs.render(), &ClosedIsClosed).unwrap();
            assert_eq!(TicketFile::parse(&merged.text).unwrap().ticket().status, "closed");
        }
        let high = set(b.clone(), "priority", "high", 1);
        let low = set(b.clone(), "priority", "low", 1);
        for (ours, theirs) in [(&high, &low), (&low, &high)] {
            let merged = merge(&b.render(), &ours.render(), &theirs.render(), &ClosedIsClosed).unwrap();
            assert_eq!(TicketFile::parse(&merged.text).unwrap().ticket().priority, "high");
        }
    }

    proptest! {
        #[test]
        fn merges_are_symmetric_and_lose_nothing(
            ours_ops in proptest::collection::vec(op(), 0..8),
            theirs_ops in proptest::collection::vec(op(), 0..8),
            same_times in any::<bool>(),
        ) {
            let b = base();
            let o = apply(b.clone(), &ours_ops, 1, 0);
            let t = apply(b.clone(), &theirs_ops, 2, if same_times { 0 } else { 1 });
            let one = merge(&b.render(), &o.render(), &t.render(), &NoRules).unwrap();
            let other = merge(&b.render(), &t.render(), &o.render(), &NoRules).unwrap();
            prop_assert_eq!(&one.text, &other.text);
            let merged = TicketFile::parse(&one.text).unwrap();
            let m = merged.ticket();
            // Each side's blocks keep their order, whatever their times.
            let order = |file: &TicketFile| -> Vec<String> {
                file.document().blocks().iter().filter_map(block_key).map(|(id, _)| id).collect()
            };
            let merged_order = order(&merged);
            for side in [&o, &t] {
                let positions: Vec<usize> =
                    order(side).iter().filter_map(|id| merged_order.iter().position(|m| m == id)).collect();
                prop_assert!(positions.windows(2).all(|w| w[0] < w[1]), "{:?}", positions);
            }
            // Every entry and event of both sides, once.
            for side in [o.ticket(), t.ticket()] {
                for entry in &side.entries {
                    prop_assert_eq!(m.entries.iter().filter(|e| e.id == entry.id).count(), 1);
                }
                for event in &side.events {
                    prop_assert_eq!(m.events.iter().filter(|e| e.id == event.id).count(), 1);
                }
            }
            // Tags: what either side added stays unless the other removed it; removals hold.
            for tag in TAGS {
                let tag = tag.to_string();
                let in_o = o.ticket().tags.contains(&tag);
                let in_t = t.ticket().tags.contains(&tag);
                let in_b = b.ticket().tags.contains(&tag);
                let expected = if in_b { in_o && in_t } else { in_o || in_t };
                prop_assert_eq!(m.tags.contains(&tag), expected, "tag {}", tag);
            }
            // Priority: a side whose final value differs from the base changed it; if both did,
            // differently, the later effective change wins, at the same time the greater value.
            let effective = |ops: &[Op], start: i64| {
                let (mut value, mut at) = ("normal", None);
                for (n, op) in ops.iter().enumerate() {
                    if let Op::Priority(p) = op
                        && PRIORITIES[*p] != value
                    {
                        value = PRIORITIES[*p];
                        at = Some(start + 2 * n as i64);
                    }
                }
                (at, value)
            };
            let (o_at, o_value) = effective(&ours_ops, 0);
            let (t_at, t_value) = effective(&theirs_ops, if same_times { 0 } else { 1 });
            let expected = match (o_value != "normal", t_value != "normal") {
                (false, _) => t_value,
                (true, false) => o_value,
                (true, true) if o_value == t_value => o_value,
                (true, true) => if (o_at, o_value) > (t_at, t_value) { o_value } else { t_value },
            };
            prop_assert_eq!(m.priority.as_str(), expected);
        }
    }
}
