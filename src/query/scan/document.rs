//! The documents `scan` reads: files, folders of text and Markdown, standard input — UTF-8 text
//! only, within the same size and file-kind limits as glossary sources.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, describe_io};
use crate::glossary::source::{MAX_SOURCE_BYTES, into_text};

/// One document as read, with the name its places are reported under.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as given (or found in a folder), `-` for standard input.
    pub name: String,
    pub text: String,
    /// Read as Markdown (`.md`, `.markdown`, standard input) rather than as plain text.
    pub markdown: bool,
}

/// The file names a folder is searched for.
const EXTENSIONS: [&str; 3] = ["md", "markdown", "txt"];

/// Whether any of `paths` is standard input (no path at all means standard input).
pub fn reads_stdin(paths: &[String]) -> bool {
    paths.is_empty() || paths.iter().any(|p| p == "-")
}

/// Reads the documents named on the command line, in order; a folder gives its `*.md`,
/// `*.markdown` and `*.txt` files (searched recursively, hidden entries skipped, in name order).
pub fn read(paths: &[String]) -> Result<Vec<Document>, Error> {
    let stdin = ["-".to_string()];
    let paths = if paths.is_empty() { &stdin[..] } else { paths };
    let mut documents = Vec::new();
    for word in paths {
        if word == "-" {
            let text = read_text(io::stdin().lock(), "-")?;
            documents.push(Document {
                name: "-".into(),
                text,
                markdown: true,
            });
            continue;
        }
        let path = Path::new(word);
        let meta = fs::metadata(path).map_err(|e| Error::source(word, describe_io(&e)))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files)?;
            if files.is_empty() {
                return Err(Error::source(
                    word,
                    "the folder has no .md, .markdown or .txt files",
                ));
            }
            for file in files {
                let name = file.display().to_string();
                documents.push(read_file(&file, &name)?);
            }
        } else {
            documents.push(read_file(path, word)?);
        }
    }
    Ok(documents)
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| extensions.iter().any(|e| x.eq_ignore_ascii_case(e)))
}

/// Collects a folder's documents. Linked folders are not followed (a link loop cannot trap the
/// walk); linked files are. A non-regular file with a document's name is collected, so that
/// reading it gives the error rather than skipping it silently.
fn walk(folder: &Path, files: &mut Vec<PathBuf>) -> Result<(), Error> {
    let name = folder.display().to_string();
    let listing = fs::read_dir(folder).map_err(|e| Error::source(&name, describe_io(&e)))?;
    let mut items = Vec::new();
    for item in listing {
        let item = item.map_err(|e| Error::source(&name, describe_io(&e)))?;
        if !item.file_name().to_string_lossy().starts_with('.') {
            items.push(item.path());
        }
    }
    items.sort();
    for path in items {
        let kind = fs::symlink_metadata(&path)
            .map_err(|e| Error::source(&path.display().to_string(), describe_io(&e)))?
            .file_type();
        if kind.is_dir() {
            walk(&path, files)?;
        } else if has_extension(&path, &EXTENSIONS) && !(kind.is_symlink() && path.is_dir()) {
            files.push(path);
        }
    }
    Ok(())
}

fn read_file(path: &Path, name: &str) -> Result<Document, Error> {
    // Checked before opening: opening a FIFO would wait for a writer.
    let meta = fs::metadata(path).map_err(|e| Error::source(name, describe_io(&e)))?;
    if !meta.is_file() {
        return Err(Error::source(
            name,
            "not a regular file (a device, FIFO or socket); give a text or Markdown file or a folder",
        ));
    }
    if meta.len() > MAX_SOURCE_BYTES {
        return Err(too_large(name));
    }
    let file = File::open(path).map_err(|e| Error::source(name, describe_io(&e)))?;
    Ok(Document {
        name: name.to_string(),
        text: read_text(file, name)?,
        markdown: has_extension(path, &["md", "markdown"]),
    })
}

/// Reads UTF-8 text: at most [`MAX_SOURCE_BYTES`], and no further than the first NUL byte, so
/// a binary file or `/dev/zero` on standard input is refused at once rather than read whole.
fn read_text(mut reader: impl Read, name: &str) -> Result<String, Error> {
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::source(name, describe_io(&e))),
        };
        if memchr::memchr(0, &chunk[..n]).is_some() {
            return Err(Error::source(
                name,
                "a binary file (it holds NUL bytes); scan reads UTF-8 text and Markdown",
            ));
        }
        if (bytes.len() + n) as u64 > MAX_SOURCE_BYTES {
            return Err(too_large(name));
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
    // The sources' decoding, which points at the first bad byte, with this command's advice.
    into_text(bytes, name).map_err(|e| match e {
        Error::Source {
            path, line, column, ..
        } => Error::Source {
            path,
            line,
            column,
            message: "invalid UTF-8; scan reads UTF-8 text and Markdown".into(),
        },
        other => other,
    })
}

fn too_large(name: &str) -> Error {
    Error::source(name, "the file is larger than 1 GiB")
}
