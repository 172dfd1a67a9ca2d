//! The cache of compiled glossaries in the user's cache folder: where a file's compiled form
//! lives, when it may be believed, who builds it, and how the folder is kept tidy.
//!
//! A cache file answers only for the file it was built from. It is stamped with the identity of
//! the glossary as `fstat` gave it for the descriptor its text was read through (device, inode,
//! size, modification and status-change times to the nanosecond), and a later run believes it
//! only if `fstat` of the descriptor that run opened says the same.
//!
//! For a glossary whose canonical path hashes to `HASH`, one process at a time builds, holding
//! an exclusive lock on `HASH.lock`: it writes `.building-HASH-*`, renames it to
//! `HASH.glossary`, removes the lock file and lets go. Others wait for the lock (bounded, see
//! [`Limits::wait`]) and read what it built. A killed build leaves its temporary file, whose
//! lock is then free: the next run that writes to the cache removes it.

use std::fs::{self, File, FileTimes, Metadata, OpenOptions};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use xxhash_rust::xxh3::xxh3_64;

use crate::error::describe_io;
use crate::glossary::compile::{self, Failure};
use crate::glossary::compiled::{self, Compiled, FileId, SCHEMA, Stamp};
use crate::glossary::source::{MAX_SOURCE_BYTES, SourceKind, SourceText};

/// The variable that turns the cache off (`off`, `0`, `false` or `no`).
pub const ENV_SWITCH: &str = "TECHLEAD_GLOSSARY_CACHE";
/// The variable that sets the size cap of the cache folder: bytes, or a number with `K`, `M`
/// or `G` (binary units).
pub const ENV_MAX: &str = "TECHLEAD_GLOSSARY_CACHE_MAX";
/// The variable that sets how many seconds a run waits for another one building the same cache.
pub const ENV_WAIT: &str = "TECHLEAD_GLOSSARY_CACHE_WAIT";

/// The size cap of the cache folder unless [`ENV_MAX`] says otherwise.
pub const DEFAULT_MAX_BYTES: u64 = 2 << 30;
/// How long a run waits for another one building the same cache unless [`ENV_WAIT`] says
/// otherwise: longer than a first parse of the largest file takes here.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(300);
/// A cache file not used for this long is removed when the cache is next written.
pub const UNUSED_FOR: Duration = Duration::from_secs(30 * 24 * 3600);
/// A cache file's modification time records its last use, renewed at most this often.
const USE_RESOLUTION: Duration = Duration::from_secs(24 * 3600);

/// A file whose status changed this recently may change again within the same timestamp tick,
/// unseen: its compiled form is used once but not kept. The status-change time is the kernel's
/// clock at the change, so this holds whatever the modification time says (even in the future).
const RACY: Duration = Duration::from_secs(2);

/// Compiled glossaries are written in pieces this large (tens of megabytes for a large file).
const WRITE_BUFFER: usize = 1 << 20;

const TEMP_PREFIX: &str = ".building-";
const CACHE_SUFFIX: &str = ".glossary";
const LOCK_SUFFIX: &str = ".lock";

/// Whether `TECHLEAD_GLOSSARY_CACHE` leaves the cache on.
pub fn enabled_by(value: Option<&str>) -> bool {
    !value.is_some_and(|v| {
        ["off", "0", "false", "no"]
            .iter()
            .any(|off| v.trim().eq_ignore_ascii_case(off))
    })
}

/// The folder compiled glossaries go in: `$XDG_CACHE_HOME/techlead-glossary` or the platform's.
pub fn folder() -> Option<PathBuf> {
    dirs::cache_dir().map(|d| d.join("techlead-glossary"))
}

/// How big the cache may grow and how long a run waits for another's build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The cache folder's size cap: when a write takes it past this, the files used longest ago
    /// are removed (never the one just written).
    pub max_bytes: u64,
    /// How long to wait for another process building the same cache before compiling for this
    /// run alone, without keeping the result.
    pub wait: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: DEFAULT_MAX_BYTES,
            wait: DEFAULT_WAIT,
        }
    }
}

impl Limits {
    /// The limits [`ENV_MAX`] and [`ENV_WAIT`] set, defaults where they are unset or unreadable.
    pub fn from_env(max: Option<&str>, wait: Option<&str>) -> Limits {
        let mut limits = Limits::default();
        if let Some(bytes) = max.and_then(parse_size) {
            limits.max_bytes = bytes;
        }
        if let Some(seconds) = wait.and_then(|w| w.trim().parse::<f64>().ok())
            && seconds.is_finite()
            && seconds >= 0.0
        {
            limits.wait = Duration::from_secs_f64(seconds.min(86_400.0));
        }
        limits
    }
}

/// `1048576`, `1024K`, `1M`, `2G` (binary units, any case, an optional `B` or `iB` after).
fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim().to_ascii_uppercase();
    let text = text.trim_end_matches("IB").trim_end_matches('B');
    let (digits, shift) = match text.chars().last()? {
        'K' => (&text[..text.len() - 1], 10),
        'M' => (&text[..text.len() - 1], 20),
        'G' => (&text[..text.len() - 1], 30),
        'T' => (&text[..text.len() - 1], 40),
        _ => (text, 0),
    };
    let n: u64 = digits.trim().parse().ok()?;
    n.checked_mul(1 << shift)
}

/// A glossary file opened for reading, with what identifies its content.
pub struct Subject {
    pub file: File,
    pub key: FileId,
}

impl Subject {
    /// Opens a glossary file for the cache: without blocking (opening a FIFO would wait for a
    /// writer) and only if it is a regular file small enough to read. `None` otherwise; the
    /// caller then reads it as it would without a cache, with the same errors.
    pub fn open(path: &Path) -> Option<Subject> {
        let file = open_no_wait(path, Follow::Yes).ok()?;
        let meta = file.metadata().ok()?;
        if !meta.is_file() || meta.len() > MAX_SOURCE_BYTES {
            return None;
        }
        let canonical = opened_path(&file, path)?;
        Some(Subject {
            key: identity(canonical.as_os_str().as_encoded_bytes().to_vec(), &meta),
            file,
        })
    }

    fn stamp(&self) -> Stamp {
        Stamp {
            schema: SCHEMA.to_string(),
            key: Some(self.key.clone()),
        }
    }

    /// Whether the opened file still is what the key says.
    fn unchanged(&self) -> bool {
        self.file
            .metadata()
            .is_ok_and(|m| identity(self.key.path.clone(), &m) == self.key)
    }

    /// Changed so recently that a change within the same timestamp tick could go unseen.
    fn racy(&self) -> bool {
        let now = nanos(SystemTime::now());
        (now - self.key.changed_ns).unsigned_abs() < RACY.as_nanos()
    }

    /// The name of the cache files that belong to this glossary.
    fn hash(&self) -> String {
        format!("{:016x}", xxh3_64(&self.key.path))
    }
}

/// The identity of an opened file, from its `fstat`.
#[cfg(unix)]
fn identity(path: Vec<u8>, meta: &Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
    FileId {
        path,
        device: meta.dev(),
        inode: meta.ino(),
        size: meta.size(),
        modified_ns: ns(meta.mtime(), meta.mtime_nsec()),
        changed_ns: ns(meta.ctime(), meta.ctime_nsec()),
    }
}

/// The identity of an opened file: without inodes or a status-change time, the modification
/// and creation times stand in.
#[cfg(not(unix))]
fn identity(path: Vec<u8>, meta: &Metadata) -> FileId {
    let modified = meta.modified().map(nanos).unwrap_or_default();
    FileId {
        path,
        device: 0,
        inode: 0,
        size: meta.len(),
        modified_ns: modified,
        changed_ns: meta.created().map(nanos).unwrap_or(modified),
    }
}

/// The canonical path of an opened file. On Linux the descriptor says which file it is; the
/// path named is resolved only where the system cannot say. Either way the key's identity
/// comes from the descriptor, so a path resolved to another file only puts the cache file in
/// another place, where the identity will not match.
fn opened_path(file: &File, path: &Path) -> Option<PathBuf> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        if let Ok(link) = fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd()))
            && link.is_absolute()
            && !link.as_os_str().as_encoded_bytes().ends_with(b" (deleted)")
        {
            return Some(link);
        }
    }
    let _ = file;
    fs::canonicalize(path).ok()
}

fn nanos(t: SystemTime) -> i128 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Follow {
    Yes,
    No,
}

/// Opens for reading without waiting for a FIFO's writer and, with `Follow::No`, without
/// following a symbolic link in the last component.
fn open_no_wait(path: &Path, follow: Follow) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if follow == Follow::No {
            libc::O_NOFOLLOW
        } else {
            0
        };
        options.custom_flags(libc::O_NONBLOCK | nofollow);
    }
    let _ = follow;
    options.open(path)
}

/// The cache folder and its limits.
#[derive(Clone)]
pub struct Cache {
    folder: PathBuf,
    limits: Limits,
}

/// What [`Cache::build`] made.
pub enum Built {
    /// The compiled form, kept in the cache unless the file was too fresh, changed meanwhile, or
    /// another process held the lock too long.
    Compiled(Compiled<File>),
    /// The cache cannot be written: the caller parses the text itself. With the reason.
    NoCache(SourceText, String),
}

/// Who may write a glossary's cache file: the holder of its lock, or (when the lock could not
/// be had) nobody, with the reason.
pub type Permit = Result<EntryLock, String>;

impl Cache {
    pub fn new(folder: PathBuf, limits: Limits) -> Cache {
        Cache { folder, limits }
    }

    /// Where the compiled form of a glossary lives.
    fn place(&self, subject: &Subject) -> PathBuf {
        self.folder
            .join(format!("{}{CACHE_SUFFIX}", subject.hash()))
    }

    /// The compiled form of a file from the cache, if one is there and passes every check. A
    /// FIFO, link or anything else but a regular file in its place is removed.
    pub fn find(&self, subject: &Subject, name: &str) -> Option<Compiled<File>> {
        let place = self.place(subject);
        let file = match open_no_wait(&place, Follow::No) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
            Err(_) => {
                remove_odd(&place);
                return None;
            }
        };
        let meta = file.metadata().ok()?;
        if !meta.is_file() {
            remove_odd(&place);
            return None;
        }
        note_use(&file, &meta);
        Compiled::open(file, &subject.stamp(), name, SourceKind::File).ok()
    }

    /// Removes the cache file of `key`, which failed its checks while being read.
    pub fn discard(&self, key: &FileId) {
        let hash = format!("{:016x}", xxh3_64(&key.path));
        // Another process may have replaced or removed it already; either is fine.
        let _ = fs::remove_file(self.folder.join(format!("{hash}{CACHE_SUFFIX}")));
    }

    /// Takes the lock on building `subject`'s cache file, waiting while another process holds
    /// it, at most [`Limits::wait`]. `waiting` is called now and then meanwhile.
    pub fn lock(&self, subject: &Subject, waiting: &mut dyn FnMut()) -> Permit {
        let cannot =
            |e: &io::Error| format!("cannot write {}: {}", self.folder.display(), describe_io(e));
        fs::create_dir_all(&self.folder).map_err(|e| cannot(&e))?;
        let path = self.folder.join(format!("{}{LOCK_SUFFIX}", subject.hash()));
        let started = Instant::now();
        let mut pause = Duration::from_millis(2);
        loop {
            match EntryLock::try_take(&path) {
                Ok(Some(lock)) => return Ok(lock),
                Ok(None) => {}
                Err(e) => return Err(cannot(&e)),
            }
            if started.elapsed() >= self.limits.wait {
                return Err(format!(
                    "another process has been building it for over {} s",
                    self.limits.wait.as_secs()
                ));
            }
            waiting();
            thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(100));
        }
    }

    /// Compiles `source` (read from `subject`), with the search index or without it, and opens
    /// the result. With the lock the result is kept in the cache (unless the file is too fresh
    /// or changed meanwhile) and the folder tidied; without it, it is compiled into an unnamed
    /// file for this run alone.
    pub fn build(
        &self,
        subject: &Subject,
        source: SourceText,
        permit: Permit,
        indexed: bool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Built, crate::error::Error> {
        let stamp = subject.stamp();
        let alone = permit.as_ref().err().cloned();
        let made = self.produce(subject, permit, |file| {
            write(file, &source, &stamp, indexed, progress)
        })?;
        match made {
            Ok(file) => match Compiled::open(file, &stamp, &source.name, SourceKind::File) {
                Ok(compiled) => Ok(Built::Compiled(compiled)),
                Err(e) => Ok(Built::NoCache(source, alone.unwrap_or(e.to_string()))),
            },
            Err(why) => Ok(Built::NoCache(source, why)),
        }
    }

    /// Writes `compiled`, a cache file a first `show` wrote without the search index, again with
    /// it (kept as [`Cache::build`] keeps a file), and opens the result; `Err` says why the
    /// cache could not be written. A damaged `compiled` is an [`crate::error::Error::Cache`].
    pub fn index(
        &self,
        subject: &Subject,
        compiled: &Compiled<File>,
        name: &str,
        permit: Permit,
    ) -> Result<Result<Compiled<File>, String>, crate::error::Error> {
        let stamp = subject.stamp();
        let made = self.produce(subject, permit, |file| {
            let mut out = BufWriter::with_capacity(WRITE_BUFFER, file);
            Ok(compiled
                .indexed(&mut out)?
                .and_then(|len| finished(out, len)))
        })?;
        Ok(match made {
            Ok(file) => Ok(Compiled::open(file, &stamp, name, SourceKind::File)?),
            Err(why) => Err(why),
        })
    }

    /// Writes a cache file for `subject` with `fill` (whose outer error is the glossary's, the
    /// inner the file's). With the lock it goes into a temporary file that is then kept under
    /// the cache file's name, unless the glossary is too fresh or changed meanwhile, and the
    /// folder is tidied; without it, into a file without a name, for this run alone. Returns
    /// the file, or why none could be written.
    fn produce(
        &self,
        subject: &Subject,
        permit: Permit,
        fill: impl FnOnce(File) -> Result<io::Result<File>, crate::error::Error>,
    ) -> Result<Result<File, String>, crate::error::Error> {
        let lock = match permit {
            Ok(lock) => lock,
            Err(why) => {
                let Ok(temp) = tempfile::tempfile_in(&self.folder) else {
                    return Ok(Err(why));
                };
                return Ok(fill(temp)?.map_err(|_| why));
            }
        };
        let cannot = |e: io::Error| {
            format!(
                "cannot write {}: {}",
                self.folder.display(),
                describe_io(&e)
            )
        };
        let temp = match tempfile::Builder::new()
            .prefix(&format!("{TEMP_PREFIX}{}-", subject.hash()))
            .tempfile_in(&self.folder)
        {
            Ok(temp) => temp,
            Err(e) => return Ok(Err(cannot(e))),
        };
        let (temp_file, temp_path) = temp.into_parts();
        let file = match fill(temp_file)? {
            Ok(file) => file,
            Err(e) => return Ok(Err(cannot(e))),
        };
        let place = self.place(subject);
        let kept = !subject.racy()
            && subject.unchanged()
            // When renaming fails the temporary file is removed, and this run still reads it
            // through its open handle.
            && temp_path.persist(&place).is_ok();
        // Dropped unkept, the temporary file is removed; this run reads it through its handle.
        self.tidy(&subject.hash(), kept.then_some(place.as_path()));
        drop(lock);
        Ok(Ok(file))
    }

    /// Removes what a cache must not keep: temporary files of builds that died (their lock is
    /// free), lock files nobody holds, cache files that cannot be read, whose glossary is gone or
    /// that have not been used for [`UNUSED_FOR`]; then, while the folder is over its size cap,
    /// the files used longest ago. `own` is the hash whose lock this process holds; `kept` the
    /// file it just wrote, which stays.
    fn tidy(&self, own: &str, kept: Option<&Path>) {
        let Ok(listing) = fs::read_dir(&self.folder) else {
            return;
        };
        let now = SystemTime::now();
        let mut caches: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
        let mut total = 0u64;
        for item in listing.flatten() {
            let path = item.path();
            let name = item.file_name();
            let Some(name) = name.to_str() else {
                continue;
            };
            // Not following links: a link is judged as itself.
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            if let Some(rest) = name.strip_prefix(TEMP_PREFIX) {
                let hash = rest.split('-').next().unwrap_or_default();
                let dead = if hash == own {
                    true
                } else if is_hash(hash) {
                    self.free(hash)
                } else {
                    // Named by an older version: dead once it has not been written for an hour.
                    age(now, &meta) > Duration::from_secs(3600)
                };
                if dead {
                    let _ = fs::remove_file(&path);
                }
            } else if let Some(hash) = name.strip_suffix(LOCK_SUFFIX) {
                if hash != own && is_hash(hash) {
                    // Taking a free lock and letting go removes its file.
                    let _ = self.free(hash);
                }
            } else if name.ends_with(CACHE_SUFFIX) {
                if kept == Some(path.as_path()) {
                    total += meta.len();
                    continue;
                }
                if !meta.is_file() || age(now, &meta) > UNUSED_FOR || glossary_gone(&path) {
                    let _ = fs::remove_file(&path);
                    continue;
                }
                total += meta.len();
                caches.push((meta.modified().unwrap_or(UNIX_EPOCH), meta.len(), path));
            }
        }
        // Least recently used first.
        caches.sort();
        for (_, len, path) in caches {
            if total <= self.limits.max_bytes {
                break;
            }
            if fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
    }

    /// Whether nobody holds the lock of `hash` (taking it for a moment to find out).
    fn free(&self, hash: &str) -> bool {
        let path = self.folder.join(format!("{hash}{LOCK_SUFFIX}"));
        matches!(EntryLock::try_take(&path), Ok(Some(_)))
    }
}

/// Compiles into `file` through a buffer; the outer error is the glossary's, the inner the
/// file's.
fn write(
    file: File,
    source: &SourceText,
    stamp: &Stamp,
    indexed: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<io::Result<File>, crate::error::Error> {
    let mut out = BufWriter::with_capacity(WRITE_BUFFER, file);
    Ok(
        match compile::compile(source, &mut out, stamp.clone(), indexed, progress) {
            Ok(len) => finished(out, len),
            Err(Failure::Write(e)) => Err(e),
            Err(Failure::Source(e)) => return Err(e),
        },
    )
}

/// The file under a buffer that wrote `len` bytes into it, cut to that length.
fn finished(out: BufWriter<File>, len: u64) -> io::Result<File> {
    out.into_inner()
        .map_err(io::IntoInnerError::into_error)
        .and_then(|f| f.set_len(len).map(|()| f))
}

fn is_hash(text: &str) -> bool {
    text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

fn age(now: SystemTime, meta: &Metadata) -> Duration {
    meta.modified()
        .ok()
        .and_then(|m| now.duration_since(m).ok())
        .unwrap_or_default()
}

/// Whether the glossary a cache file was built from no longer exists (an unreadable cache file
/// counts as gone: it is rebuilt when next needed).
fn glossary_gone(path: &Path) -> bool {
    let Ok(file) = open_no_wait(path, Follow::No) else {
        return false;
    };
    match compiled::stamp_of(&file).and_then(|s| s.key) {
        Some(key) => {
            let Some(glossary) = path_of(key.path) else {
                return false;
            };
            matches!(fs::metadata(glossary), Err(e) if e.kind() == io::ErrorKind::NotFound)
        }
        None => true,
    }
}

#[cfg(unix)]
fn path_of(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(std::ffi::OsString::from_vec(bytes).into())
}

#[cfg(not(unix))]
fn path_of(bytes: Vec<u8>) -> Option<PathBuf> {
    String::from_utf8(bytes).ok().map(PathBuf::from)
}

/// Removes something other than a regular file where a cache file should be (a directory
/// cannot be removed this way and stays, which only means no cache).
fn remove_odd(path: &Path) {
    if fs::symlink_metadata(path).is_ok_and(|m| !m.is_file()) {
        let _ = fs::remove_file(path);
    }
}

/// Records a cache file's use in its modification time (at most daily, so a warm run writes
/// nothing), for pruning files unused for [`UNUSED_FOR`].
fn note_use(file: &File, meta: &Metadata) {
    let now = SystemTime::now();
    if age(now, meta) > USE_RESOLUTION {
        let _ = file.set_times(FileTimes::new().set_modified(now));
    }
}

/// The lock on building one glossary's cache file. Dropping it removes the lock file, then
/// lets go of the lock.
pub struct EntryLock {
    file: File,
    path: PathBuf,
}

impl EntryLock {
    /// Takes the lock if it is free: `Ok(None)` when another process holds it.
    fn try_take(path: &Path) -> io::Result<Option<EntryLock>> {
        let file = open_lock_file(path).or_else(|e| {
            // A FIFO, link or directory where the lock file should be: remove it, try again.
            remove_odd(path);
            open_lock_file(path).map_err(|_| e)
        })?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
        // The holder before may have removed the file once done with it: a lock on a removed
        // file guards nothing, so try again with the file now there.
        if !same_file(path, &file) {
            return Ok(None);
        }
        Ok(Some(EntryLock {
            file,
            path: path.to_path_buf(),
        }))
    }
}

impl Drop for EntryLock {
    fn drop(&mut self) {
        // Removed while still held, so whoever opens it next sees a new file (see try_take).
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

fn open_lock_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(0o600)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok(file)
}

#[cfg(unix)]
fn same_file(path: &Path, file: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::symlink_metadata(path), file.metadata()) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(path: &Path, _file: &File) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_with_units() {
        assert_eq!(parse_size("1048576"), Some(1 << 20));
        assert_eq!(parse_size("512K"), Some(512 << 10));
        assert_eq!(parse_size(" 2g "), Some(2 << 30));
        assert_eq!(parse_size("100MiB"), Some(100 << 20));
        assert_eq!(parse_size("10MB"), Some(10 << 20));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size(""), None);
        assert_eq!(parse_size("99999999999T"), None);
    }

    #[test]
    fn limits_fall_back_to_defaults() {
        assert_eq!(Limits::from_env(None, None), Limits::default());
        assert_eq!(Limits::from_env(Some("x"), Some("-1")), Limits::default());
        let set = Limits::from_env(Some("1M"), Some("0.5"));
        assert_eq!(set.max_bytes, 1 << 20);
        assert_eq!(set.wait, Duration::from_millis(500));
    }

    #[test]
    fn a_lock_is_held_once_and_its_file_goes_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("0123456789abcdef.lock");
        let first = EntryLock::try_take(&path).unwrap().expect("free");
        assert!(EntryLock::try_take(&path).unwrap().is_none());
        drop(first);
        assert!(!path.exists());
        assert!(EntryLock::try_take(&path).unwrap().is_some());
    }
}
