//! The compiled form's stamp (build.rs) must change whenever any file of the code that writes or
//! reads compiled glossaries changes: a cache written by other code is never read as this one's.

#[path = "../build/model.rs"]
mod model;

use std::fs;
use std::path::{Path, PathBuf};

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn a_change_to_any_model_file_changes_the_stamp_input() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    write(root, "src/glossary/mod.rs", "pub mod compiled;");
    write(root, "src/glossary/compiled/mod.rs", "mod read;");
    write(root, "src/glossary/compiled/read.rs", "fn read() {}");
    write(root, "src/error.rs", "pub enum Error {}");
    write(root, "Cargo.lock", "version = 4");
    write(root, "src/render/html.rs", "fn page() {}");
    let before = model::digest_input(root, b"0.1.0 rustc");
    assert_eq!(before, model::digest_input(root, b"0.1.0 rustc"));

    // A file two folders down, as much as one at the top.
    write(root, "src/glossary/compiled/read.rs", "fn read() { }");
    assert_ne!(before, model::digest_input(root, b"0.1.0 rustc"));
    write(root, "src/glossary/compiled/read.rs", "fn read() {}");
    assert_eq!(before, model::digest_input(root, b"0.1.0 rustc"));

    for (path, text) in [
        ("src/error.rs", "pub enum Error { A }"),
        ("Cargo.lock", "version = 3"),
    ] {
        let old = fs::read_to_string(root.join(path)).unwrap();
        write(root, path, text);
        assert_ne!(before, model::digest_input(root, b"0.1.0 rustc"), "{path}");
        write(root, path, &old);
    }
    // A new file, a moved file, and another compiler.
    write(root, "src/glossary/compiled/write.rs", "");
    assert_ne!(before, model::digest_input(root, b"0.1.0 rustc"));
    fs::remove_file(root.join("src/glossary/compiled/write.rs")).unwrap();
    fs::rename(
        root.join("src/glossary/compiled/read.rs"),
        root.join("src/glossary/compiled/reader.rs"),
    )
    .unwrap();
    assert_ne!(before, model::digest_input(root, b"0.1.0 rustc"));
    fs::rename(
        root.join("src/glossary/compiled/reader.rs"),
        root.join("src/glossary/compiled/read.rs"),
    )
    .unwrap();
    assert_eq!(before, model::digest_input(root, b"0.1.0 rustc"));
    assert_ne!(before, model::digest_input(root, b"0.1.0 rustc 2"));

    // Code outside the model does not invalidate caches.
    write(root, "src/render/html.rs", "fn page() { }");
    assert_eq!(before, model::digest_input(root, b"0.1.0 rustc"));
}

/// Every module of the glossary's tree is a file the stamp covers, however deep it sits.
#[test]
fn the_stamp_covers_every_module_of_the_glossary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files: Vec<PathBuf> = model::files(root);
    let mut pending = vec![PathBuf::from("src/glossary/mod.rs")];
    let mut seen = 0;
    while let Some(file) = pending.pop() {
        assert!(
            files.contains(&file),
            "{} is not in the stamp",
            file.display()
        );
        seen += 1;
        let text = fs::read_to_string(root.join(&file)).unwrap();
        // A module's children live beside a mod.rs, or in a folder named after the file.
        let dir = if file.ends_with("mod.rs") {
            file.parent().unwrap().to_path_buf()
        } else {
            file.with_extension("")
        };
        for line in text.lines() {
            let line = line.trim();
            let Some(name) = line
                .strip_prefix("pub mod ")
                .or_else(|| line.strip_prefix("mod "))
                .and_then(|rest| rest.strip_suffix(';'))
            else {
                continue;
            };
            let flat = dir.join(format!("{name}.rs"));
            let nested = dir.join(name).join("mod.rs");
            let child = if root.join(&flat).exists() {
                flat
            } else {
                nested
            };
            pending.push(child);
        }
    }
    assert!(files.contains(&PathBuf::from("src/error.rs")));
    assert!(seen > 10, "only {seen} modules found");
}
