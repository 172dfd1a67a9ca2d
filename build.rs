//! Validates the bundled glossary and compiles it into the binary, so startup does no YAML work
//! for it. A broken `data/glossary.yaml` fails the build with its line. The model's own modules
//! are compiled in here as they are, so the build and the binary read YAML the same way.

#[allow(dead_code, unused_imports)]
#[path = "src/error.rs"]
mod error;
#[allow(dead_code, unused_imports)]
#[path = "src/glossary/mod.rs"]
mod glossary;
#[path = "build/model.rs"]
mod model;

use std::env;
use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use glossary::compile::{Failure, compile};
use glossary::compiled::Stamp;
use glossary::source::{SourceKind, SourceText};

fn main() -> ExitCode {
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());
    println!("cargo::rerun-if-changed=data/glossary.yaml");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=build/model.rs");
    for path in model::MODEL {
        println!("cargo::rerun-if-changed={path}");
    }
    let schema = schema(&root);
    println!("cargo::rustc-env=TECHLEAD_GLOSSARY_SCHEMA={schema}");

    let name = "data/glossary.yaml";
    let text = match fs::read_to_string(root.join(name)) {
        Ok(text) => text,
        Err(e) => return fail(&format!("{name}: {e}")),
    };
    let source = SourceText {
        name: name.into(),
        kind: SourceKind::Builtin,
        text: text.trim_start_matches('\u{feff}').to_string(),
    };
    let stamp = Stamp { schema, key: None };
    let mut out = Cursor::new(Vec::new());
    // The bundled glossary carries its search index: nothing is built at run time.
    let len = match compile(&source, &mut out, stamp, true, &mut |_, _| {}) {
        Ok(len) => len,
        Err(Failure::Source(e)) => return fail(&e.to_string()),
        Err(Failure::Write(e)) => return fail(&e.to_string()),
    };
    let mut bytes = out.into_inner();
    bytes.truncate(len as usize);
    if let Err(e) = fs::write(out_dir.join("glossary.bin"), &bytes) {
        return fail(&e.to_string());
    }
    ExitCode::SUCCESS
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: the bundled glossary is broken: {message}");
    ExitCode::FAILURE
}

/// A digest of the package version, the compiler and the model's sources.
fn schema(root: &Path) -> String {
    let mut prefix: Vec<u8> = env::var("CARGO_PKG_VERSION")
        .unwrap_or_default()
        .into_bytes();
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    if let Ok(out) = Command::new(rustc).arg("-V").output() {
        prefix.extend(out.stdout);
    }
    let parts = model::digest_input(root, &prefix);
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&parts))
}
