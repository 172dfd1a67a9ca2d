//! `scan` on documents that are not text, not files, or not there: a clear error naming the
//! path and exit 2, never a hang; terminal escapes in what reaches the output are shown escaped.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use super::support::{LIMIT, Scratch, arg, bin, finish, run};

#[test]
fn a_binary_file_is_refused() {
    let s = Scratch::new();
    let path = s.file("image.md", b"PR \x00\x01\x02 CI");
    run(["scan", &path]).refused(2, &path, "a binary file");
}

#[test]
fn a_file_that_is_not_utf8_points_at_the_byte() {
    let s = Scratch::new();
    let path = s.file("latin1.txt", b"PR\nthe caf\xe9 CI\n");
    run(["scan", &path]).refused(2, &format!("{path}:2:8"), "invalid UTF-8");
}

#[test]
fn a_folder_without_documents_is_refused() {
    let s = Scratch::new();
    s.file("notes.rst", "PR");
    let dir = arg(s.path());
    run(["scan", &dir]).refused(2, &dir, "no .md, .markdown or .txt files");
}

#[test]
fn a_missing_path_is_named() {
    let s = Scratch::new();
    let path = arg(&s.join("missing.md"));
    run(["scan", &path]).refused(2, &path, "no such file or directory");
}

#[test]
fn a_fifo_and_devices_are_refused_without_reading() {
    let s = Scratch::new();
    let fifo = s.join("pipe.md");
    assert!(
        crate::harness::command("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let path = arg(&fifo);
    run(["scan", &path]).refused(2, &path, "not a regular file");
    // Inside a folder, too.
    run(["scan", &arg(s.path())]).refused(2, &path, "not a regular file");
    for device in ["/dev/zero", "/dev/null", "/dev/urandom"] {
        run(["scan", device]).refused(2, device, "not a regular file");
    }
}

#[test]
fn zeros_on_standard_input_are_refused_at_once() {
    let mut cmd = crate::support::through("sh");
    cmd.arg("-c")
        .arg(r#"exec "$0" scan < /dev/zero"#)
        .arg(crate::harness::BIN);
    finish(&mut cmd, LIMIT).refused(2, "-: ", "a binary file");
}

#[test]
fn a_file_without_read_permission_is_named() {
    use std::os::unix::fs::MetadataExt;
    let s = Scratch::new();
    let path = s.file("secret.md", "A PR.");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(s.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let r = if fs::metadata(&path).unwrap().uid() == 0 {
        // Root reads any file, so run the binary as `nobody`, for whom the mode holds.
        let mut cmd = crate::support::through("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(crate::harness::BIN)
            .args(["scan", &path]);
        finish(&mut cmd, LIMIT)
    } else {
        finish(bin().args(["scan", &path]), LIMIT)
    };
    r.refused(2, &path, "permission denied");
}

#[test]
fn standard_input_cannot_be_glossary_and_document() {
    let r = run(["-g", "-", "scan"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("standard input cannot be both"), "{r:?}");
}

#[test]
fn escapes_in_a_document_name_are_shown_not_obeyed() {
    let s = Scratch::new();
    s.file("a\u{1b}[31mred.md", "The tech lead.\n");
    let dir = arg(s.path());
    for format in ["tsv", "table", "text", "markdown"] {
        let r = run(["scan", "--unknown", "--format", format, &dir]);
        let out = r.out();
        if format == "tsv" || format == "table" {
            assert!(out.contains("a\\u{1b}[31mred.md"), "{format}: {out}");
        }
        assert!(!out.contains('\u{1b}'), "{format}: {out}");
    }
}

#[test]
fn escapes_in_a_document_never_reach_the_output() {
    let s = Scratch::new();
    let path = s.file(
        "evil.md",
        "\u{1b}]52;c;ZXZpbA==\u{7}The \u{1b}[2Jtech lead \u{202e}QWXZ\u{9b}31m\n",
    );
    let r = run(["scan", "--unknown", &path]);
    r.ok();
    let out = r.out();
    assert!(
        !out.contains(['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}']),
        "{out}"
    );
    // An abbreviation the bundled glossary does not know, behind a bidi override.
    assert!(out.contains("\tQWXZ\t1\t"), "{out}");
}
