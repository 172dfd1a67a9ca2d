//! What the compiled form's stamp is made from: the files of the code that writes and reads
//! compiled glossaries. Shared by build.rs and the test that holds the stamp to every such file.

use std::fs;
use std::path::{Path, PathBuf};

/// The model's sources, relative to the package root: folders are read whole, subfolders too.
pub const MODEL: &[&str] = &["src/glossary", "src/error.rs", "Cargo.lock"];

/// Every file under the model's paths, in a fixed order, with its path relative to `root`.
pub fn files(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for path in MODEL {
        walk(root, Path::new(path), &mut found);
    }
    found
}

fn walk(root: &Path, relative: &Path, found: &mut Vec<PathBuf>) {
    let Ok(listing) = fs::read_dir(root.join(relative)) else {
        found.push(relative.to_path_buf());
        return;
    };
    let mut names: Vec<_> = listing
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    names.sort();
    for name in names {
        walk(root, &relative.join(name), found);
    }
}

/// The bytes the stamp digests: each file's relative path and contents, after `prefix` (the
/// package version and the compiler).
pub fn digest_input(root: &Path, prefix: &[u8]) -> Vec<u8> {
    let mut parts = prefix.to_vec();
    for file in files(root) {
        parts.extend(file.to_string_lossy().as_bytes());
        parts.push(0);
        let contents = fs::read(root.join(&file)).unwrap_or_default();
        parts.extend((contents.len() as u64).to_le_bytes());
        parts.extend(contents);
    }
    parts
}
