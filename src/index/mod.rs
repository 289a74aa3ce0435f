//! The search index: a tantivy index of every ticket in HEAD, derived, never committed, kept
//! under the git common directory (`desk/index/`) so that worktrees share it and bare
//! repositories have one.
//!
//! The index is keyed on git state: its commit payload records the schema version and the id
//! of the `tickets/` tree it reflects. Opening it for a query compares that tree with HEAD's
//! and, when they differ, re-indexes only the files whose blobs changed (a tree diff that
//! descends only into subtrees whose ids differ), so a query after `git pull`, `checkout`,
//! `rebase` or `reset` costs what changed, not the repository. A missing, unreadable or
//! outdated index is rebuilt with a one-line notice.
//!
//! Each ticket is one document: keyword fields for the query language's fields (see
//! [`crate::query::plan`]), creation and last-activity times, the title, tags and
//! conversation as text, and a [`Summary`] (front matter without the conversation) that
//! answers every field condition and fills a row of `desk list` without opening the file.

pub mod summary;

use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use std::path::{Path, PathBuf};

use git2::Oid;
use tantivy::collector::DocSetCollector;
use tantivy::indexer::UserOperation;
use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

pub use summary::{Summary, Timeline};

use crate::error::{Error, Result};
use crate::id::TicketId;
use crate::query::plan::{Keyword, MISSING, Plan, Time, domains, micros};
use crate::store::{FileDelta, Store, TICKETS_DIR};
use crate::ticket::{Ticket, TicketFile};

/// Bumped whenever the schema or what is indexed changes: an index of another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 9;

/// The index directory under the git common directory.
pub const INDEX_DIR: &str = "desk/index";

/// The file beside the index listing every ticket ID of the indexed tree, sorted, for short IDs
/// (each ID only needs to differ from its neighbours): a header line naming the tree, then the
/// IDs as fixed-width records.
const IDS_FILE: &str = "ids";

/// The analyzer's name in the index (see [`crate::query::text_analyzer`]).
const ANALYZER: &str = "desk";

/// Writer memory per indexing thread for rebuilds: at 100k tickets, 64 MB makes two segments
/// (32 MB made four, and the rebuild took ~4 % longer finishing them).
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// Documents a rebuild hands tantivy's indexing threads at a time: one channel message each
/// rather than one per document.
const REBUILD_BATCH: usize = 64;

/// Segments larger than this are left alone by the merges after an update.
const MERGE_MAX_DOCS: usize = 5_000;

/// Results with fewer hits than this are read on one thread.
const PARALLEL_MIN: usize = 2_000;

/// Writer memory for an update of a few tickets (tantivy's minimum).
const UPDATE_MEMORY: usize = 15_000_000;

/// The lock file (in the git common directory) that serialises index updates and rebuilds
/// between processes.
const LOCK_FILE: &str = "desk-index.lock";

/// Column names (tantivy fast fields), read by [`TicketIndex::matches`].
const NUMBER_COLUMN: &str = "number";
const CREATED_COLUMN: &str = "created";
const UPDATED_COLUMN: &str = "updated";
const DUE_COLUMN: &str = "due";
const RESOLVED_COLUMN: &str = "resolved";

/// The fields of the schema.
#[derive(Clone)]
struct Fields {
    id: Field,
    /// The ID as a number ([`TicketId::number`]), a column for sorting; absent on the
    /// documents of unparsable files.
    number: Field,
    keywords: Vec<(Keyword, Field)>,
    created: Field,
    updated: Field,
    /// The earliest due time of the unmet SLA targets, absent without one.
    due: Field,
    /// When the ticket last became resolved, if it is resolved now ([`Config::resolved_at`]).
    ///
    /// [`Config::resolved_at`]: crate::config::Config::resolved_at
    resolved: Field,
    text: Field,
    summary: Field,
    /// The ticket's [`Timeline`] (JSON), read only by what needs it.
    timeline: Field,
    /// `1` on the document of a file that could not be parsed.
    broken: Field,
    /// Where and why it could not be parsed (JSON: path, line, message).
    error: Field,
}

/// Files under `tickets/` in the working tree that HEAD (`committed`) does not have.
fn untracked_tickets(root: &std::path::Path, committed: &[FileDelta]) -> Vec<String> {
    // Each directory's committed names, sorted, looked up by binary search: no set of every
    // path and no path string per file seen (a million of each at 1M tickets).
    let mut known: HashMap<&str, Vec<&str>> = HashMap::new();
    for (path, _, _) in committed {
        if let Some((dir, name)) = path.rsplit_once('/') {
            known.entry(dir).or_default().push(name);
        }
    }
    for names in known.values_mut() {
        names.sort_unstable();
    }
    let mut found = Vec::new();
    let mut dirs = vec![TICKETS_DIR.to_string()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(root.join(&dir)) else { continue };
        let names = known.get(dir.as_str()).map_or(&[][..], Vec::as_slice);
        for entry in entries.flatten() {
            let Ok(name) = entry.file_name().into_string() else { continue };
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => dirs.push(format!("{dir}/{name}")),
                Ok(_) if names.binary_search(&name.as_str()).is_err() => found.push(format!("{dir}/{name}")),
                _ => {}
            }
        }
    }
    found
}

/// Most files whose bytes differ from HEAD's blob seen by a rebuild are changed, but line-ending
/// conversion (`core.autocrlf`) and other filters make equal files differ byte for byte: git's
/// status decides each. Past a few dozen, `None` leaves it to one `git status` walk.
fn worktree_changes(store: &Store, mut candidates: Vec<String>) -> Option<Vec<String>> {
    const CHECK_EACH_MAX: usize = 64;
    if candidates.len() > CHECK_EACH_MAX {
        return None;
    }
    candidates.retain(|path| {
        store
            .git()
            .status_file(std::path::Path::new(path))
            .map_or(true, |s| s != git2::Status::CURRENT && !s.contains(git2::Status::IGNORED))
    });
    candidates.sort_unstable();
    Some(candidates)
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    let number = builder.add_u64_field(NUMBER_COLUMN, FAST);
    // Single-valued keywords are also columns: priority for sorting by rank, and what the
    // dashboard counts (see [`TicketIndex::for_each_tally`]).
    let keywords = Keyword::ALL
        .iter()
        .map(|k| {
            let column =
                matches!(k, Keyword::Priority | Keyword::Status | Keyword::Type | Keyword::Assignee | Keyword::Sla);
            (*k, builder.add_text_field(k.name(), if column { STRING | FAST } else { STRING }))
        })
        .collect();
    // Columns only: tantivy answers a range on a fast field from the column, so indexing the
    // times too would only add a term per distinct microsecond (3M terms at 1M tickets).
    let created = builder.add_i64_field(CREATED_COLUMN, FAST);
    let updated = builder.add_i64_field(UPDATED_COLUMN, FAST);
    let due = builder.add_i64_field(DUE_COLUMN, FAST);
    let resolved = builder.add_i64_field(RESOLVED_COLUMN, FAST);
    let indexing =
        TextFieldIndexing::default().set_tokenizer(ANALYZER).set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = builder.add_text_field("text", TextOptions::default().set_indexing_options(indexing));
    // Stored JSON as text, not bytes: tantivy reads a stored bytes value one byte at a time and
    // a text value in one copy, and reading summaries is most of a large result's cost.
    let summary = builder.add_text_field("summary", STORED);
    let timeline = builder.add_text_field("timeline", STORED);
    let broken = builder.add_text_field("broken", STRING);
    let error = builder.add_text_field("error", STORED);
    (
        builder.build(),
        Fields { id, number, keywords, created, updated, due, resolved, text, summary, timeline, broken, error },
    )
}

/// What changed when the index was brought up to date.
#[derive(Debug, Default)]
pub struct Refresh {
    /// Rebuilt from scratch (and why), rather than updated.
    pub rebuilt: Option<String>,
    /// Tickets (re)indexed.
    pub indexed: usize,
    /// Tickets removed.
    pub removed: usize,
    /// Ticket files in HEAD that could not be parsed (left out of the index; `desk check` and
    /// `desk list` report them).
    pub unreadable: Vec<Error>,
    /// After a rebuild in a working tree, when it could tell: the files under `tickets/` whose
    /// working-tree version differs from HEAD's (changed, deleted or untracked), sorted. A rebuild
    /// reads every working-tree file anyway, so this saves a `git status` walk.
    pub uncommitted: Option<Vec<String>>,
}

/// An open, up-to-date index.
pub struct TicketIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    dir: PathBuf,
    settings: Settings,
    /// What opening it did.
    pub refresh: Refresh,
}

/// One ticket found.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The ticket's front matter.
    pub summary: Summary,
    /// Its timeline, when asked for.
    pub timeline: Option<Timeline>,
    /// Where it is in the index (for the free-text answers).
    pub(crate) address: DocAddress,
}

/// What the index derives from the configuration besides the tickets: each ticket's SLA class
/// and earliest due time, so that `sla:breached`, `sla:met`, `due<2h` and `sort:due` are
/// answered from the index. An index made with other settings is rebuilt.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Workflows and types (SLA clocks pause by status category).
    pub config: crate::config::Config,
    /// SLA policies (`None`: there are none, or they cannot be read: no ticket has targets).
    pub sla: Option<crate::sla::SlaConfig>,
    /// Identifies the files they come from.
    pub fingerprint: String,
}

impl Settings {
    /// The settings of the repository in `store`, with its loaded `config`.
    pub fn read(store: &Store, config: &crate::config::Config) -> Settings {
        use crate::config::files;
        let text = |path: &str| store.read_text(path).ok().flatten();
        let sla_text = text(crate::sla::SLA_FILE);
        let sla = sla_text.as_deref().and_then(|t| crate::sla::SlaConfig::parse(crate::sla::SLA_FILE, t).ok());
        let mut all = String::new();
        for (path, content) in [(files::TYPES, text(files::TYPES)), (files::WORKFLOWS, text(files::WORKFLOWS))]
            .into_iter()
            .chain([(crate::sla::SLA_FILE, sla_text)])
        {
            all.push_str(&format!("{path}\0{}\0", content.unwrap_or_default()));
        }
        Settings { config: config.clone(), sla, fingerprint: crate::id::sha1_hex(all.as_bytes()) }
    }

    /// The ticket's SLA class (`none`: no targets, `met`: every target met, `open`: some
    /// unmet) and the earliest due time of its unmet targets. Neither depends on the time of
    /// asking: an unmet target is breached from its due time on. (Due times are searched for
    /// up to the SLA engine's horizon, two years from the clock's start: a target first reached
    /// later has none here, so the index never counts it breached, unlike evaluating the
    /// ticket. Only targets of that length, or clocks paused for that long, can meet it.)
    pub fn sla_of(&self, t: &Ticket) -> (&'static str, Option<chrono::DateTime<chrono::Utc>>) {
        let Some(sla) = &self.sla else { return ("none", None) };
        let targets = crate::sla::due_times(t, &self.config, sla);
        let unmet: Vec<_> = targets.iter().filter(|(_, met)| met.is_none()).collect();
        let due = unmet.iter().filter_map(|(due, _)| *due).min();
        let class = if targets.is_empty() {
            "none"
        } else if unmet.is_empty() {
            "met"
        } else {
            "open"
        };
        (class, due)
    }
}

/// Reports progress of a rebuild: `(done, total)`.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// The index directory of a repository.
pub fn index_path(store: &Store) -> PathBuf {
    store.git().commondir().join(INDEX_DIR)
}

fn payload(tree: Option<Oid>) -> String {
    format!("desk-index v{SCHEMA_VERSION} tickets {}", tree.map_or_else(|| "none".into(), |t| t.to_string()))
}

/// Separates the [`Settings`] fingerprint in the index's commit payload.
const SETTINGS_MARK: &str = " settings ";

/// The tree id a payload records, if it is of this schema version: `Some(None)` for an index of
/// an empty repository.
fn parse_payload(text: &str) -> Option<Option<Oid>> {
    let text = text.split_once(SETTINGS_MARK).map_or(text, |(tree, _)| tree);
    let rest = text.strip_prefix(&format!("desk-index v{SCHEMA_VERSION} tickets "))?;
    if rest == "none" { Some(None) } else { Oid::from_str(rest).ok().map(Some) }
}

/// Runs `open`, turning a panic into an error: tantivy asserts instead of failing on some
/// truncated files, and a damaged index must be rebuilt, not crash the command.
fn without_panics<T>(open: impl FnOnce() -> std::result::Result<T, String>) -> std::result::Result<T, String> {
    // The panic hook is the process's: one swap at a time (desk serve opens the index on
    // several threads).
    static SWAP: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = SWAP.lock().unwrap_or_else(|p| p.into_inner());
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(open));
    std::panic::set_hook(hook);
    result.unwrap_or_else(|panic| {
        let message = panic.downcast_ref::<String>().cloned();
        let message = message.or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
        Err(message.unwrap_or_else(|| "a damaged file".into()))
    })
}

fn tantivy_error(what: &str, err: impl std::fmt::Display) -> Error {
    Error::invalid(format!("search index: {what}: {err}"))
}

impl TicketIndex {
    /// Opens the index and brings it up to date with HEAD (rebuilding it if it is missing,
    /// unreadable or of another version). `progress` is told about long rebuilds.
    pub fn open(store: &Store, settings: &Settings, progress: Option<Progress>) -> Result<TicketIndex> {
        let dir = index_path(store);
        let head = store.head_subtree(TICKETS_DIR)?;
        let opened = match without_panics(|| Self::open_existing(&dir, settings)) {
            Ok(Some(found)) => Ok(found),
            Ok(None) => Err("missing".to_string()),
            Err(err) => Err(format!("unreadable ({err})")),
        };
        let (mut index, indexed_tree) = match opened {
            Ok((index, Some(tree))) => (index, tree),
            Ok((_, None)) => return Self::rebuild(store, settings, progress, "of an older version".into()),
            Err(why) => return Self::rebuild(store, settings, progress, why),
        };
        let made_with = index.index.load_metas().ok().and_then(|m| m.payload).unwrap_or_default();
        if made_with.split_once(SETTINGS_MARK).map(|(_, f)| f) != Some(settings.fingerprint.as_str()) {
            drop(index);
            return Self::rebuild(store, settings, progress, "made with other SLA settings".into());
        }
        if indexed_tree == head {
            return Ok(index);
        }
        match index.update(store, indexed_tree, head) {
            Ok(()) => Ok(index),
            Err(UpdateError::Busy) => Err(Error::Busy(dir)),
            Err(UpdateError::Other(why)) => {
                drop(index);
                Self::rebuild(store, settings, progress, why)
            }
        }
    }

    /// Opens what is on disk: the index and the tree it reflects (`None`: another version).
    #[allow(clippy::type_complexity)]
    fn open_existing(
        dir: &Path,
        settings: &Settings,
    ) -> std::result::Result<Option<(TicketIndex, Option<Option<Oid>>)>, String> {
        if !dir.join("meta.json").exists() {
            return Ok(None);
        }
        let index = Index::open_in_dir(dir).map_err(|e| e.to_string())?;
        let metas = index.load_metas().map_err(|e| e.to_string())?;
        let tree = metas.payload.as_deref().and_then(parse_payload);
        let (expected, fields) = schema();
        let wrapped = Self::wrap(index, fields, dir.to_path_buf(), settings).map_err(|e| e.to_string())?;
        if wrapped.index.schema() != expected {
            return Ok(Some((wrapped, None)));
        }
        Ok(Some((wrapped, tree)))
    }

    fn wrap(index: Index, fields: Fields, dir: PathBuf, settings: &Settings) -> Result<TicketIndex> {
        index.tokenizers().register(ANALYZER, crate::query::text_analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .num_warming_threads(0)
            .try_into()
            .map_err(|e| tantivy_error("opening", e))?;
        Ok(TicketIndex { index, reader, fields, dir, settings: settings.clone(), refresh: Refresh::default() })
    }

    /// Rebuilds the index from HEAD's tickets, replacing whatever is on disk.
    pub fn rebuild(store: &Store, settings: &Settings, progress: Option<Progress>, why: String) -> Result<TicketIndex> {
        let dir = index_path(store);
        let head = store.head_subtree(TICKETS_DIR)?;
        let _lock = store.lock_file(LOCK_FILE)?;
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Error::io(format!("removing {}", dir.display()), e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(&dir, schema).map_err(|e| tantivy_error("creating", e))?;
        let mut this = Self::wrap(index, fields, dir.clone(), settings)?;
        let threads = crate::store::threads();
        let writer: IndexWriter = this
            .index
            .writer_with_num_threads(threads, WRITER_MEMORY * threads)
            .map_err(|e| tantivy_error("writing", e))?;
        // No merges during a rebuild: at 1M tickets they rewrote 90 % of the index once more
        // (29 s → 23 s without). The ~10 segments left cost a query ~1.5 ms at 1M.
        writer.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        let files = match head {
            Some(tree) => store.changed_between(None, Some(tree), TICKETS_DIR)?,
            None => Vec::new(),
        };
        // Blobs in packs are often stored as deltas whose inflation dominates a rebuild; the
        // working tree's file, when its git blob id is the committed one, has the same bytes
        // and reads far faster.
        let workdir = store.has_workdir().then(|| store.root().to_path_buf());
        let total = files.len() as u64;
        let done = std::sync::atomic::AtomicU64::new(0);
        let added = std::sync::atomic::AtomicUsize::new(0);
        let git_dir = store.git().path().to_path_buf();
        let unreadable = std::sync::Mutex::new(Vec::new());
        let differing = std::sync::Mutex::new(Vec::new());
        // Reading and parsing blobs is the bulk of the work: one git handle per thread.
        let untracked = std::thread::scope(|scope| -> Result<Vec<String>> {
            // The walk for untracked files runs beside the indexing rather than after it.
            let walk = workdir.as_deref().map(|root| scope.spawn(|| untracked_tickets(root, &files)));
            let handles: Vec<_> = (0..threads)
                .map(|part| {
                    let (files, writer, this, done, unreadable, differing, git_dir, workdir) =
                        (&files, &writer, &this, &done, &unreadable, &differing, &git_dir, &workdir);
                    let added = &added;
                    scope.spawn(move || -> Result<()> {
                        let repo = git2::Repository::open(git_dir)?;
                        let mut worktree = workdir.clone().map(crate::store::worktree::WorktreeFiles::new);
                        let mut batch = Vec::with_capacity(REBUILD_BATCH);
                        for (path, _, blob) in files.iter().skip(part).step_by(threads) {
                            let Some(blob) = blob else { continue };
                            let from_file = worktree.as_mut().and_then(|files| files.read_blob(path, blob.as_bytes()));
                            let bytes = match from_file {
                                Some(bytes) => std::borrow::Cow::Borrowed(bytes),
                                None => {
                                    if workdir.is_some() {
                                        differing.lock().unwrap_or_else(|p| p.into_inner()).push(path.clone());
                                    }
                                    std::borrow::Cow::Owned(repo.find_blob(*blob)?.content().to_vec())
                                }
                            };
                            match this.document(path, &bytes) {
                                Ok(Some(doc)) => {
                                    batch.push(UserOperation::Add(doc));
                                    added.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                }
                                Ok(None) => {}
                                Err(err) => {
                                    batch.push(UserOperation::Add(this.broken_document(&err)));
                                    unreadable.lock().unwrap_or_else(|p| p.into_inner()).push(err);
                                }
                            }
                            if batch.len() >= REBUILD_BATCH {
                                writer.run(batch.drain(..)).map_err(|e| tantivy_error("writing", e))?;
                            }
                            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                            if let Some(progress) = progress
                                && part == 0
                            {
                                progress(n, total);
                            }
                        }
                        writer.run(batch).map_err(|e| tantivy_error("writing", e))?;
                        Ok(())
                    })
                })
                .collect();
            for handle in handles {
                handle.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?;
            }
            Ok(walk.map(|walk| walk.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).unwrap_or_default())
        })?;
        if let Some(progress) = progress {
            progress(total, total);
        }
        this.write_ids(head, &records(files.iter().filter_map(|(path, _, _)| TicketId::from_path(path))))?;
        this.commit(writer, head)?;
        let uncommitted = match workdir {
            Some(_) => {
                let mut paths = differing.into_inner().unwrap_or_else(|p| p.into_inner());
                paths.extend(untracked);
                worktree_changes(store, paths)
            }
            None => None,
        };
        this.refresh = Refresh {
            rebuilt: Some(why),
            indexed: added.into_inner(),
            removed: 0,
            unreadable: unreadable.into_inner().unwrap_or_default(),
            uncommitted,
        };
        Ok(this)
    }

    fn commit(&self, mut writer: IndexWriter, tree: Option<Oid>) -> Result<()> {
        let mut prepared = writer.prepare_commit().map_err(|e| tantivy_error("committing", e))?;
        prepared.set_payload(&format!("{}{SETTINGS_MARK}{}", payload(tree), self.settings.fingerprint));
        prepared.commit().map_err(|e| tantivy_error("committing", e))?;
        writer.wait_merging_threads().map_err(|e| tantivy_error("merging", e))?;
        self.reader.reload().map_err(|e| tantivy_error("reloading", e))?;
        Ok(())
    }

    /// Re-indexes the tickets that differ between the indexed tree and HEAD's.
    fn update(&mut self, store: &Store, from: Option<Oid>, to: Option<Oid>) -> std::result::Result<(), UpdateError> {
        let changed = store
            .changed_between(from, to, TICKETS_DIR)
            .map_err(|e| UpdateError::Other(format!("the indexed commit is gone ({e})")))?;
        let _lock = store.lock_file(LOCK_FILE).map_err(|_| UpdateError::Busy)?;
        let writer: IndexWriter =
            self.index.writer_with_num_threads(1, UPDATE_MEMORY).map_err(|e| UpdateError::Other(e.to_string()))?;
        // Each update adds a small segment; merging keeps their number down, but only small
        // segments are merged, so a query never waits for the rebuild-sized ones to be rewritten.
        let mut policy = tantivy::merge_policy::LogMergePolicy::default();
        policy.set_max_docs_before_merge(MERGE_MAX_DOCS);
        writer.set_merge_policy(Box::new(policy));
        // Another process may have brought it up to date while we waited.
        let current = self.index.load_metas().ok().and_then(|m| m.payload).as_deref().and_then(parse_payload);
        if current == Some(to) {
            drop(writer);
            self.reader.reload().map_err(|e| UpdateError::Other(e.to_string()))?;
            return Ok(());
        }
        let current_from = current.unwrap_or(from);
        let changed = if current_from == from {
            changed
        } else {
            store
                .changed_between(current_from, to, TICKETS_DIR)
                .map_err(|e| UpdateError::Other(format!("the indexed commit is gone ({e})")))?
        };
        for (path, _, blob) in &changed {
            let Some(id) = TicketId::from_path(path) else { continue };
            writer.delete_term(Term::from_field_text(self.fields.id, id.as_str()));
            let Some(blob) = blob else {
                self.refresh.removed += 1;
                continue;
            };
            let bytes = store.blob(*blob).map_err(|e| UpdateError::Other(e.to_string()))?;
            match self.document(path, &bytes) {
                Ok(Some(doc)) => {
                    writer.add_document(doc).map_err(|e| UpdateError::Other(e.to_string()))?;
                    self.refresh.indexed += 1;
                }
                Ok(None) => {}
                Err(err) => {
                    writer.add_document(self.broken_document(&err)).map_err(|e| UpdateError::Other(e.to_string()))?;
                    self.refresh.unreadable.push(err);
                }
            }
        }
        // The sorted ID list follows the same changes (or is listed afresh if it is missing).
        let mut ids = match SortedIds::open(&self.dir, current_from) {
            Some(ids) => ids.records(),
            None => {
                let all =
                    store.changed_between(None, to, TICKETS_DIR).map_err(|e| UpdateError::Other(e.to_string()))?;
                records(all.iter().filter_map(|(path, _, _)| TicketId::from_path(path)))
            }
        };
        for (path, old, new) in &changed {
            let Some(id) = TicketId::from_path(path) else { continue };
            let record = record(&id);
            match (old, new, ids.binary_search(&record)) {
                (None, Some(_), Err(at)) => ids.insert(at, record),
                (Some(_), None, Ok(at)) => {
                    ids.remove(at);
                }
                _ => {}
            }
        }
        self.write_ids(to, &ids).map_err(|e| UpdateError::Other(e.to_string()))?;
        self.commit(writer, to).map_err(|e| UpdateError::Other(e.to_string()))
    }

    /// Writes the sorted ID file for `tree` (tmp file + rename).
    fn write_ids(&self, tree: Option<Oid>, ids: &[IdRecord]) -> Result<()> {
        let mut bytes = format!("{}\n", payload(tree)).into_bytes();
        bytes.reserve(ids.len() * crate::id::TICKET_ID_LEN);
        for id in ids {
            bytes.extend_from_slice(id);
        }
        let path = self.dir.join(IDS_FILE);
        let tmp = self.dir.join(format!("{IDS_FILE}.tmp"));
        std::fs::write(&tmp, &bytes).map_err(|e| Error::io(format!("writing {}", tmp.display()), e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(format!("writing {}", path.display()), e))
    }

    /// Every ticket ID of the indexed tree, sorted (for short IDs), if available.
    pub fn sorted_ids(&self) -> Option<SortedIds> {
        let tree = self.index.load_metas().ok()?.payload.as_deref().and_then(parse_payload)?;
        SortedIds::open(&self.dir, tree)
    }

    /// The document of a ticket file (`None`: not a ticket path).
    fn document(&self, path: &str, bytes: &[u8]) -> Result<Option<TantivyDocument>> {
        let Some(id) = TicketId::from_path(path) else { return Ok(None) };
        // Validating is much faster than the lossy decoder, which only the rare invalid file needs.
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        let file = TicketFile::parse(&text).map_err(|e| Error::Syntax {
            path: path.to_string(),
            line: e.line,
            message: e.message,
        })?;
        Ok(Some(self.document_of(id.as_str(), file.ticket())))
    }

    /// The document standing for a file that could not be parsed, so every query can name it.
    fn broken_document(&self, err: &Error) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        let (path, line, message) = match err {
            Error::Syntax { path, line, message } => (path.clone(), *line, message.clone()),
            other => (String::new(), 0, other.to_string()),
        };
        if let Some(id) = TicketId::from_path(&path) {
            doc.add_text(self.fields.id, id.as_str());
        }
        doc.add_text(self.fields.broken, "1");
        let json = serde_json::json!({ "path": path, "line": line, "message": message });
        doc.add_text(self.fields.error, json.to_string());
        doc
    }

    /// The documents standing for unparsable files.
    fn broken_query(&self) -> TermQuery {
        TermQuery::new(Term::from_field_text(self.fields.broken, "1"), IndexRecordOption::Basic)
    }

    /// The ticket files in HEAD that could not be parsed, as errors naming file and line.
    pub fn broken(&self) -> Result<Vec<Error>> {
        let searcher = self.reader.searcher();
        let mut found: Vec<DocAddress> = searcher
            .search(&self.broken_query(), &DocSetCollector)
            .map_err(|e| tantivy_error("searching", e))?
            .into_iter()
            .collect();
        found.sort_unstable();
        let mut out = Vec::new();
        for address in found {
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| tantivy_error("reading", e))?;
            let Some(text) = doc.get_first(self.fields.error).and_then(|v| v.as_str()) else { continue };
            let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else { continue };
            out.push(Error::Syntax {
                path: json["path"].as_str().unwrap_or_default().to_string(),
                line: json["line"].as_u64().unwrap_or(0) as usize,
                message: json["message"].as_str().unwrap_or_default().to_string(),
            });
        }
        Ok(out)
    }

    fn document_of(&self, id: &str, t: &Ticket) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, id);
        doc.add_u64(f.number, TicketId::parse(id).map_or(0, |id| id.number()));
        let mut add = |keyword: Keyword, value: &str| {
            let field = f.keywords.iter().find(|(k, _)| *k == keyword).map(|(_, f)| *f);
            if let Some(field) = field {
                doc.add_text(field, value.to_lowercase());
            }
        };
        let optional = |value: &Option<String>| value.clone().unwrap_or_else(|| MISSING.to_string());
        let list = |values: &[String]| -> Vec<String> {
            if values.is_empty() { vec![MISSING.to_string()] } else { values.to_vec() }
        };
        add(Keyword::Status, &t.status);
        add(Keyword::Type, &t.kind);
        add(Keyword::Priority, &t.priority);
        add(Keyword::Assignee, &optional(&t.assignee));
        add(Keyword::Team, &optional(&t.team));
        add(Keyword::Requester, &optional(&t.requester));
        add(Keyword::Channel, &optional(&t.channel));
        add(Keyword::Parent, &optional(&t.parent));
        for domain in t.requester.as_deref().map(domains).unwrap_or_default() {
            add(Keyword::Domain, &domain);
        }
        for value in list(&t.cc) {
            add(Keyword::Cc, &value);
        }
        for value in list(&t.followers) {
            add(Keyword::Follower, &value);
        }
        for value in list(&t.tags) {
            add(Keyword::Tag, &value);
        }
        if t.links.is_empty() {
            add(Keyword::Link, MISSING);
        }
        for link in &t.links {
            let (relation, target) = link.split_once(' ').unwrap_or(("", link));
            add(Keyword::Link, relation);
            add(Keyword::Link, target);
        }
        for key in t.extra.keys() {
            if let Some(value) = t.extra_text(key) {
                add(Keyword::Custom, &format!("{key}={value}"));
            }
        }
        let (sla_class, due) = self.settings.sla_of(t);
        add(Keyword::Sla, sla_class);
        doc.add_i64(f.created, micros(t.created));
        doc.add_i64(f.updated, micros(t.last_activity()));
        if let Some(due) = due {
            doc.add_i64(f.due, micros(due));
        }
        if let Some(resolved) = self.settings.config.resolved_at(t) {
            doc.add_i64(f.resolved, micros(resolved));
        }
        doc.add_text(f.text, &t.title);
        for tag in &t.tags {
            doc.add_text(f.text, tag);
        }
        for entry in &t.entries {
            doc.add_text(f.text, &entry.body);
        }
        doc.add_text(f.summary, serde_json::to_string(&Summary::of(t)).unwrap_or_default());
        doc.add_text(f.timeline, serde_json::to_string(&Timeline::of(t)).unwrap_or_default());
        doc
    }

    /// The SLA policies its SLA columns were computed with (`None`: none, or unreadable).
    pub fn sla(&self) -> Option<&crate::sla::SlaConfig> {
        self.settings.sla.as_ref()
    }

    /// How many tickets the index holds (unreadable files aside).
    pub fn len(&self) -> u64 {
        let searcher = self.reader.searcher();
        let broken = searcher.search(&self.broken_query(), &tantivy::collector::Count).unwrap_or(0) as u64;
        searcher.num_docs().saturating_sub(broken)
    }

    /// Whether the index holds no ticket.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn keyword_field(&self, keyword: Keyword) -> Field {
        self.fields.keywords.iter().find(|(k, _)| *k == keyword).map_or(self.fields.id, |(_, f)| *f)
    }

    fn to_query(&self, plan: &Plan) -> Box<dyn Query> {
        match plan {
            Plan::All => Box::new(AllQuery),
            Plan::Keyword(keyword, values) => {
                let field = self.keyword_field(*keyword);
                let terms: Vec<Term> = values.iter().map(|v| Term::from_field_text(field, v)).collect();
                match terms.len() {
                    0 => Box::new(EmptyQuery),
                    1 => Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::Basic)),
                    _ => Box::new(TermSetQuery::new(terms)),
                }
            }
            Plan::Range(time, from, to) => {
                let field = match time {
                    Time::Created => self.fields.created,
                    Time::Updated => self.fields.updated,
                    Time::Due => self.fields.due,
                };
                let bound = |value: &Option<i64>, included: bool| match value {
                    None => Bound::Unbounded,
                    Some(v) if included => Bound::Included(Term::from_field_i64(field, *v)),
                    Some(v) => Bound::Excluded(Term::from_field_i64(field, *v)),
                };
                Box::new(RangeQuery::new(bound(from, true), bound(to, false)))
            }
            Plan::Text(text) => {
                let terms: Vec<Term> =
                    crate::query::words(text).iter().map(|w| Term::from_field_text(self.fields.text, w)).collect();
                match terms.len() {
                    0 => Box::new(EmptyQuery),
                    1 => Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::Basic)),
                    _ => Box::new(PhraseQuery::new(terms)),
                }
            }
            Plan::And(items) => {
                Box::new(BooleanQuery::new(items.iter().map(|p| (Occur::Must, self.to_query(p))).collect()))
            }
            Plan::Or(items) => {
                Box::new(BooleanQuery::new(items.iter().map(|p| (Occur::Should, self.to_query(p))).collect()))
            }
            Plan::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (Occur::MustNot, self.to_query(inner)),
            ])),
        }
    }

    fn search_set(&self, plan: &Plan) -> Result<HashSet<DocAddress>> {
        let searcher = self.reader.searcher();
        searcher.search(self.to_query(plan).as_ref(), &DocSetCollector).map_err(|e| tantivy_error("searching", e))
    }

    /// The tickets `plan` selects, each with its sort key packed from the index's columns in
    /// `order` (no stored document is opened: this is what keeps a query returning most of the
    /// repository cheap). `priority_rank` ranks a priority as the index holds it (lower case).
    /// `N` is one more than the number of columns in `order` (extra columns are ignored):
    /// keys only as long as needed keep a million matches small.
    pub fn matches<const N: usize>(
        &self,
        plan: &Plan,
        order: &[(SortColumn, bool)],
        priority_rank: &dyn Fn(&str) -> i64,
    ) -> Result<Vec<Match<N>>> {
        // One vector for every segment, sized for the worst case: what a small result leaves
        // untouched is never paged in, and a large one is neither grown nor concatenated.
        let mut found = Vec::with_capacity(self.reader.searcher().num_docs() as usize);
        self.for_each_doc(
            plan,
            |reader| SegmentColumns::open(reader, priority_rank),
            |columns, address| {
                if let Some(key) = columns.key(address.doc_id, order) {
                    found.push(Match { key, address });
                }
            },
        )?;
        Ok(found)
    }

    /// Calls `visit` with the [`Tally`] of each ticket `plan` selects, from the index's columns
    /// (no stored document is opened).
    pub fn for_each_tally(&self, plan: &Plan, mut visit: impl FnMut(&Tally)) -> Result<()> {
        self.for_each_doc(plan, TallyColumns::open, |columns, address| {
            if let Some(tally) = columns.tally(address.doc_id) {
                visit(&tally);
            }
        })
    }

    /// Calls `visit` with each live document `plan` selects, segment by segment, with what
    /// `open` made of its segment (the columns it reads).
    fn for_each_doc<S>(
        &self,
        plan: &Plan,
        mut open: impl FnMut(&tantivy::SegmentReader) -> tantivy::Result<S>,
        mut visit: impl FnMut(&S, DocAddress),
    ) -> Result<()> {
        let searcher = self.reader.searcher();
        let query = self.to_query(plan);
        let weight = query
            .weight(tantivy::query::EnableScoring::disabled_from_searcher(&searcher))
            .map_err(|e| tantivy_error("searching", e))?;
        for (segment, reader) in searcher.segment_readers().iter().enumerate() {
            let state = open(reader).map_err(|e| tantivy_error("reading", e))?;
            let alive = reader.alive_bitset();
            weight
                .for_each_no_score(reader, &mut |docs| {
                    for &doc in docs {
                        if alive.is_none_or(|a| a.is_alive(doc)) {
                            visit(&state, DocAddress::new(segment as u32, doc));
                        }
                    }
                })
                .map_err(|e| tantivy_error("searching", e))?;
        }
        Ok(())
    }

    /// Where the tickets `plan` selects are, in index order (see [`Self::map_summaries`]).
    pub fn candidates(&self, plan: &Plan) -> Result<Vec<DocAddress>> {
        let mut addresses: Vec<DocAddress> = self.search_set(plan)?.into_iter().collect();
        addresses.sort_unstable();
        Ok(addresses)
    }

    /// `map` of each ticket at `addresses` with its summary (and its timeline if
    /// `with_timeline`), in the order of `addresses`, leaving out `None`s. Large sets are split
    /// between the cores: reading and decoding stored summaries is most of the cost of a big
    /// result.
    pub fn map_summaries<T: Send>(
        &self,
        addresses: &[DocAddress],
        with_timeline: bool,
        map: impl Fn(Hit) -> Option<T> + Sync,
    ) -> Result<Vec<T>> {
        let threads = if addresses.len() < PARALLEL_MIN { 1 } else { crate::store::threads() };
        let chunk = addresses.len().div_ceil(threads).max(1);
        let searcher = self.reader.searcher();
        let map = &map;
        let parts: Vec<Result<Vec<T>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = addresses
                .chunks(chunk)
                .map(|part| {
                    let searcher = &searcher;
                    scope.spawn(move || self.map_part(searcher, part, with_timeline, map))
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
        });
        let mut out = Vec::with_capacity(addresses.len());
        for part in parts {
            out.extend(part?);
        }
        Ok(out)
    }

    fn map_part<T>(
        &self,
        searcher: &tantivy::Searcher,
        addresses: &[DocAddress],
        with_timeline: bool,
        map: &impl Fn(Hit) -> Option<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::with_capacity(addresses.len());
        // One store reader per segment, read in doc order, so each compressed block is
        // decompressed once.
        let mut stores: HashMap<u32, tantivy::store::StoreReader> = HashMap::new();
        for &address in addresses {
            let store = match stores.entry(address.segment_ord) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => e.insert(
                    searcher
                        .segment_reader(address.segment_ord)
                        .get_store_reader(1)
                        .map_err(|e| Error::io("reading the search index", e))?,
                ),
            };
            let doc: TantivyDocument = store.get(address.doc_id).map_err(|e| tantivy_error("reading", e))?;
            let Some(text) = doc.get_first(self.fields.summary).and_then(|v| v.as_str()) else { continue };
            let Ok(summary) = serde_json::from_str::<Summary>(text) else { continue };
            let timeline = with_timeline
                .then(|| doc.get_first(self.fields.timeline).and_then(|v| v.as_str()))
                .flatten()
                .and_then(|text| serde_json::from_str::<Timeline>(text).ok());
            out.extend(map(Hit { summary, timeline, address }));
        }
        Ok(out)
    }

    /// For each free-text term, the tickets containing it.
    pub fn text_matches(&self, texts: &[String]) -> Result<TextMatches> {
        let mut sets = HashMap::new();
        for text in texts {
            if !sets.contains_key(text) {
                sets.insert(text.clone(), self.search_set(&Plan::Text(text.clone()))?);
            }
        }
        Ok(TextMatches { sets })
    }
}

/// A column matches can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    /// The priority's rank (`-1`: not a configured priority).
    Priority,
    /// Creation time.
    Created,
    /// Time of the last entry or event.
    Updated,
    /// The earliest due time of the unmet SLA targets (ascending, tickets without one come last).
    Due,
    /// The ID.
    Id,
}

/// A ticket a query selected and its sort key of `N - 1` columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<const N: usize> {
    /// The values of the sort columns in order (a descending one bit-inverted), then the ID as
    /// a number ([`TicketId::number`]): comparing keys sorts the matches.
    pub key: [i64; N],
    /// Where its document is.
    pub address: DocAddress,
}

impl<const N: usize> Match<N> {
    /// The ticket's ID as a number.
    pub fn number(&self) -> u64 {
        self.key[N - 1] as u64
    }
}

/// What the dashboard counts of one ticket, from the index's columns. Text values are as the
/// index holds them: lowercase, [`MISSING`] for an absent assignee.
#[derive(Debug, Clone, Copy)]
pub struct Tally<'a> {
    /// The ID as a number ([`TicketId::number`]).
    pub number: u64,
    /// Status.
    pub status: &'a str,
    /// Type.
    pub kind: &'a str,
    /// Assignee.
    pub assignee: &'a str,
    /// Priority.
    pub priority: &'a str,
    /// SLA class ([`Settings::sla_of`]).
    pub sla: &'a str,
    /// Creation time, microseconds since the epoch.
    pub created: i64,
    /// When it last became resolved, if it is resolved now.
    pub resolved: Option<i64>,
    /// The earliest due time of its unmet SLA targets.
    pub due: Option<i64>,
}

/// A single-valued text column and the text of each of its term ordinals.
struct TextColumn {
    ords: tantivy::columnar::Column<u64>,
    texts: Vec<String>,
}

impl TextColumn {
    fn open(reader: &tantivy::SegmentReader, keyword: Keyword) -> tantivy::Result<Option<TextColumn>> {
        let Some(column) = reader.fast_fields().str(keyword.name())? else { return Ok(None) };
        let mut texts = Vec::with_capacity(column.num_terms());
        for ord in 0..column.num_terms() as u64 {
            let mut text = String::new();
            column.ord_to_str(ord, &mut text)?;
            texts.push(text);
        }
        Ok(Some(TextColumn { ords: column.ords().clone(), texts }))
    }

    fn get(column: &Option<TextColumn>, doc: tantivy::DocId) -> &str {
        column
            .as_ref()
            .and_then(|c| c.ords.first(doc).and_then(|ord| c.texts.get(ord as usize)))
            .map_or("", String::as_str)
    }
}

/// The columns of one segment that [`Tally`]s are read from.
struct TallyColumns {
    number: tantivy::columnar::Column<u64>,
    created: tantivy::columnar::Column<i64>,
    resolved: tantivy::columnar::Column<i64>,
    due: tantivy::columnar::Column<i64>,
    status: Option<TextColumn>,
    kind: Option<TextColumn>,
    assignee: Option<TextColumn>,
    priority: Option<TextColumn>,
    sla: Option<TextColumn>,
}

impl TallyColumns {
    fn open(reader: &tantivy::SegmentReader) -> tantivy::Result<TallyColumns> {
        let columns = reader.fast_fields();
        Ok(TallyColumns {
            number: columns.u64(NUMBER_COLUMN)?,
            created: columns.i64(CREATED_COLUMN)?,
            resolved: columns.i64(RESOLVED_COLUMN)?,
            due: columns.i64(DUE_COLUMN)?,
            status: TextColumn::open(reader, Keyword::Status)?,
            kind: TextColumn::open(reader, Keyword::Type)?,
            assignee: TextColumn::open(reader, Keyword::Assignee)?,
            priority: TextColumn::open(reader, Keyword::Priority)?,
            sla: TextColumn::open(reader, Keyword::Sla)?,
        })
    }

    /// The tally of `doc` (`None`: the document of an unparsable file).
    fn tally(&self, doc: tantivy::DocId) -> Option<Tally<'_>> {
        Some(Tally {
            number: self.number.first(doc)?,
            status: TextColumn::get(&self.status, doc),
            kind: TextColumn::get(&self.kind, doc),
            assignee: TextColumn::get(&self.assignee, doc),
            priority: TextColumn::get(&self.priority, doc),
            sla: TextColumn::get(&self.sla, doc),
            created: self.created.first(doc).unwrap_or(0),
            resolved: self.resolved.first(doc),
            due: self.due.first(doc),
        })
    }
}

/// The columns of one segment that sort keys are read from.
struct SegmentColumns {
    number: tantivy::columnar::Column<u64>,
    created: tantivy::columnar::Column<i64>,
    updated: tantivy::columnar::Column<i64>,
    due: tantivy::columnar::Column<i64>,
    /// The priority column's term ordinals and the rank of each ordinal.
    priority: Option<(tantivy::columnar::Column<u64>, Vec<i64>)>,
}

impl SegmentColumns {
    fn open(reader: &tantivy::SegmentReader, priority_rank: &dyn Fn(&str) -> i64) -> tantivy::Result<SegmentColumns> {
        let columns = reader.fast_fields();
        let priority = TextColumn::open(reader, Keyword::Priority)?
            .map(|column| (column.ords, column.texts.iter().map(|name| priority_rank(name)).collect()));
        Ok(SegmentColumns {
            number: columns.u64(NUMBER_COLUMN)?,
            created: columns.i64(CREATED_COLUMN)?,
            updated: columns.i64(UPDATED_COLUMN)?,
            due: columns.i64(DUE_COLUMN)?,
            priority,
        })
    }

    /// The sort key of `doc` (`None`: the document of an unparsable file, which has no number).
    fn key<const N: usize>(&self, doc: tantivy::DocId, order: &[(SortColumn, bool)]) -> Option<[i64; N]> {
        let number = self.number.first(doc)? as i64;
        let mut key = [0; N];
        for (slot, (column, descending)) in key[..N - 1].iter_mut().zip(order) {
            let value = match column {
                SortColumn::Priority => self
                    .priority
                    .as_ref()
                    .and_then(|(ords, ranks)| ords.first(doc).and_then(|ord| ranks.get(ord as usize).copied()))
                    .unwrap_or(-1),
                SortColumn::Created => self.created.first(doc).unwrap_or(0),
                SortColumn::Updated => self.updated.first(doc).unwrap_or(0),
                SortColumn::Due => self.due.first(doc).unwrap_or(i64::MAX),
                SortColumn::Id => number,
            };
            *slot = if *descending { !value } else { value };
        }
        key[N - 1] = number;
        Some(key)
    }
}

/// One ID in the ID file.
type IdRecord = [u8; crate::id::TICKET_ID_LEN];

fn record(id: &TicketId) -> IdRecord {
    let mut out = [0; crate::id::TICKET_ID_LEN];
    out.copy_from_slice(id.as_str().as_bytes());
    out
}

/// Sorted, distinct records of `ids`.
fn records(ids: impl Iterator<Item = TicketId>) -> Vec<IdRecord> {
    let mut out: Vec<IdRecord> = ids.map(|id| record(&id)).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The sorted ticket IDs of the indexed tree, read from the index's ID file.
pub struct SortedIds {
    bytes: Vec<u8>,
    start: usize,
}

impl SortedIds {
    fn open(dir: &Path, tree: Option<Oid>) -> Option<SortedIds> {
        let bytes = std::fs::read(dir.join(IDS_FILE)).ok()?;
        let header = format!("{}\n", payload(tree));
        let start = header.len();
        (bytes.starts_with(header.as_bytes()) && (bytes.len() - start) % crate::id::TICKET_ID_LEN == 0)
            .then_some(SortedIds { bytes, start })
    }

    /// How many IDs.
    pub fn len(&self) -> usize {
        (self.bytes.len() - self.start) / crate::id::TICKET_ID_LEN
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn records(&self) -> Vec<IdRecord> {
        self.bytes[self.start..]
            .chunks_exact(crate::id::TICKET_ID_LEN)
            .map(|chunk| {
                let mut out = [0; crate::id::TICKET_ID_LEN];
                out.copy_from_slice(chunk);
                out
            })
            .collect()
    }

    fn get(&self, i: usize) -> &str {
        let at = self.start + i * crate::id::TICKET_ID_LEN;
        std::str::from_utf8(&self.bytes[at..at + crate::id::TICKET_ID_LEN]).unwrap_or("")
    }

    /// The IDs next to where `id` is or would be (the only ones a prefix of it can share).
    pub fn neighbours(&self, id: &str) -> [Option<&str>; 2] {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = (low + high) / 2;
            if self.get(mid) < id { low = mid + 1 } else { high = mid }
        }
        let after = if low < self.len() && self.get(low) == id { low + 1 } else { low };
        [low.checked_sub(1).map(|i| self.get(i)), (after < self.len()).then(|| self.get(after))]
    }
}

/// Which tickets contain which free-text terms.
pub struct TextMatches {
    sets: HashMap<String, HashSet<DocAddress>>,
}

impl TextMatches {
    /// Whether the ticket at `address` (a hit's) contains `text`.
    pub(crate) fn contains(&self, address: DocAddress, text: &str) -> bool {
        self.sets.get(text).is_some_and(|set| set.contains(&address))
    }
}

enum UpdateError {
    /// Another process holds the index writer.
    Busy,
    /// The index cannot be updated (and should be rebuilt), and why.
    Other(String),
}
