//! The cache of compiled glossaries in the user's cache folder: where a file's compiled form
//! lives, when it may be believed, and how it is written (to a temporary file, then renamed, so
//! a reader never sees half a file).

use std::fs::{self, File, Metadata};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use xxhash_rust::xxh3::xxh3_64;

use crate::glossary::compile::{self, Failure};
use crate::glossary::compiled::{Compiled, Key, SCHEMA, Stamp};
use crate::glossary::source::{SourceKind, SourceText};

/// The variable that turns the cache off (`off`, `0`, `false` or `no`).
pub const ENV_SWITCH: &str = "TECHLEAD_GLOSSARY_CACHE";

/// A file modified this recently may be modified again within the same timestamp tick, unseen:
/// its compiled form is used once but not kept.
const RACY: Duration = Duration::from_secs(2);

/// Compiled glossaries are written in pieces this large (tens of megabytes for a large file).
const WRITE_BUFFER: usize = 1 << 20;

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

/// A glossary file opened for reading, with what identifies its content.
pub struct Subject {
    pub file: File,
    pub key: Key,
    modified: SystemTime,
}

impl Subject {
    /// Identifies an opened file by canonical path, size and modification time.
    pub fn new(path: &Path, file: File, meta: &Metadata) -> Option<Subject> {
        let canonical = fs::canonicalize(path).ok()?;
        let modified = meta.modified().ok()?;
        let key = Key {
            path: canonical.as_os_str().as_encoded_bytes().to_vec(),
            size: meta.len(),
            modified_ns: nanos(modified),
        };
        Some(Subject {
            file,
            key,
            modified,
        })
    }

    fn stamp(&self) -> Stamp {
        Stamp {
            schema: SCHEMA.to_string(),
            key: Some(self.key.clone()),
        }
    }

    /// Whether the file still is what the key says.
    fn unchanged(&self) -> bool {
        self.file.metadata().is_ok_and(|m| {
            m.len() == self.key.size && m.modified().ok().map(nanos) == Some(self.key.modified_ns)
        })
    }

    /// Modified so recently that a change within the same timestamp tick could go unseen.
    fn racy(&self) -> bool {
        SystemTime::now()
            .duration_since(self.modified)
            .map_or(true, |age| age < RACY)
    }
}

fn nanos(t: SystemTime) -> i128 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// Where the compiled form of a file lives in `folder`.
pub fn place(folder: &Path, key: &Key) -> PathBuf {
    folder.join(format!("{:016x}.glossary", xxh3_64(&key.path)))
}

/// The compiled form of a file from the cache, if one is there and passes every check.
pub fn find(folder: &Path, subject: &Subject, name: &str) -> Option<Compiled<File>> {
    let file = File::open(place(folder, &subject.key)).ok()?;
    Compiled::open(file, &subject.stamp(), name, SourceKind::File).ok()
}

/// Removes a cache file that failed its checks while being read.
pub fn discard(folder: &Path, key: &Key) {
    // Another process may have replaced or removed it already; either is fine.
    let _ = fs::remove_file(place(folder, key));
}

/// What [`build`] made.
pub enum Built {
    /// The compiled form, kept in the cache unless the file was too fresh or changed meanwhile.
    Compiled(Compiled<File>),
    /// The cache folder cannot be written: the caller parses the text itself.
    NoCache(SourceText),
}

/// Compiles `text` (read from `subject`) into the cache folder and opens the result.
pub fn build(
    folder: &Path,
    subject: &Subject,
    source: SourceText,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Built, crate::error::Error> {
    let Ok(temp) = fs::create_dir_all(folder).and_then(|()| {
        tempfile::Builder::new()
            .prefix(".building-")
            .tempfile_in(folder)
    }) else {
        return Ok(Built::NoCache(source));
    };
    let stamp = subject.stamp();
    let (temp_file, temp_path) = temp.into_parts();
    let mut out = BufWriter::with_capacity(WRITE_BUFFER, temp_file);
    let written = match compile::compile(&source, &mut out, stamp.clone(), progress) {
        Ok(len) => out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .and_then(|f| f.set_len(len).map(|()| f)),
        Err(Failure::Write(e)) => Err(e),
        Err(Failure::Source(e)) => return Err(e),
    };
    let Ok(file) = written else {
        return Ok(Built::NoCache(source));
    };
    let keep = !subject.racy() && subject.unchanged();
    if keep {
        // When renaming fails the temporary file is removed, and this run still reads it
        // through its open handle.
        let _ = temp_path.persist(place(folder, &subject.key));
    } else {
        // Used for this run only, through the open handle.
        drop(temp_path);
    }
    match Compiled::open(file, &stamp, &source.name, SourceKind::File) {
        Ok(compiled) => Ok(Built::Compiled(compiled)),
        Err(_) => Ok(Built::NoCache(source)),
    }
}
